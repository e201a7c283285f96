"""The DuckDB contract: every table, column, key and reference the build checks.

`required` columns are the ones SCHEMA.md promises (and the app relies on); a file
brought in with DASHBOARD_DB must have them. The rest are ours and optional for others.
"""
from dataclasses import dataclass, field

CONFIDENCE = ("confirmed", "reported", "estimate", "assumption")
PROVIDER_KINDS = ("hyperscaler", "neocloud", "ai_lab", "chipmaker", "other")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # VARCHAR, DOUBLE, INTEGER, DATE, BOOLEAN, QUARTER (VARCHAR like 2025Q3), MONTH (VARCHAR like 2025-06)
    nullable: bool = False
    required: bool = False
    choices: tuple = ()
    min: float | None = None
    max: float | None = None
    references: str | None = None  # "table.column"

    @property
    def sql_type(self) -> str:
        return {"QUARTER": "VARCHAR", "MONTH": "VARCHAR"}.get(self.type, self.type)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple
    key: tuple = ()
    description: str = ""
    fact: bool = True  # fact tables must carry source_id and confidence
    checks: tuple = field(default_factory=tuple)  # names of extra table-level checks

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def C(name, type, **kw):
    return Column(name, type, **kw)


SOURCE = C("source_id", "VARCHAR", required=True, references="sources.source_id")
SOURCE_OPTIONAL = C("source_id", "VARCHAR", nullable=True, required=True, references="sources.source_id")
CONF = C("confidence", "VARCHAR", required=True, choices=CONFIDENCE)
NOTES = C("notes", "VARCHAR", nullable=True)

TABLES: tuple[Table, ...] = (
    Table("sources", (
        C("source_id", "VARCHAR", required=True),
        C("url", "VARCHAR", required=True),
        C("publisher", "VARCHAR", required=True),
        C("published", "DATE", required=True),
        C("title", "VARCHAR", nullable=True),
    ), key=("source_id",), fact=False, description="One row per article, filing or report."),
    Table("providers", (
        C("provider_id", "VARCHAR", required=True),
        C("name", "VARCHAR", required=True),
        C("short_name", "VARCHAR"),
        C("kind", "VARCHAR", required=True, choices=PROVIDER_KINDS),
        C("color", "VARCHAR", required=True),
        C("market_group", "VARCHAR", choices=("big_three", "oracle", "neocloud", "other")),
        C("is_openai_partner", "BOOLEAN"),
        C("sort_order", "INTEGER"),
    ), key=("provider_id",), fact=False, checks=("hex_color",),
        description="Every company the charts name, with the one colour it has on every page."),
    Table("segments", (
        C("segment_id", "VARCHAR"),
        C("name", "VARCHAR"),
        C("description", "VARCHAR"),
        C("sort_order", "INTEGER"),
    ), key=("segment_id",), fact=False, description="Customer segments of the overlap model."),
    Table("market_share", (
        C("quarter", "QUARTER", required=True),
        C("provider_id", "VARCHAR", required=True, references="providers.provider_id"),
        C("share_pct", "DOUBLE", required=True, min=0, max=100),
        C("research_firm", "VARCHAR", required=True),
        C("is_primary", "BOOLEAN"),
        SOURCE, CONF, NOTES,
    ), key=("quarter", "provider_id", "research_firm", "is_primary"), checks=("share_sum",),
        description="Share of global cloud infrastructure services spend, by research firm. "
                    "Where a firm's figure was reported two ways, both rows are kept and "
                    "is_primary marks the one the app uses."),
    Table("market_size", (
        C("quarter", "QUARTER", required=True),
        C("total_usd_bn", "DOUBLE", required=True, min=0),
        C("yoy_growth_pct", "DOUBLE", nullable=True),
        C("research_firm", "VARCHAR", required=True),
        SOURCE, CONF, NOTES,
    ), key=("quarter", "research_firm"), description="Quarterly market size, US$ bn."),
    Table("contracts", (
        C("contract_id", "VARCHAR", required=True),
        C("buyer", "VARCHAR", required=True),
        C("seller_id", "VARCHAR", required=True, references="providers.provider_id"),
        C("deal_type", "VARCHAR", required=True),
        C("announced", "DATE", required=True),
        C("start_year", "INTEGER", nullable=True, required=True, min=2015, max=2050),
        C("end_year", "INTEGER", nullable=True, required=True, min=2015, max=2050),
        C("value_usd_bn", "DOUBLE", nullable=True, required=True, min=0),
        C("capacity_gw", "DOUBLE", nullable=True, required=True, min=0),
        C("value_kind", "VARCHAR", choices=("spend", "undisclosed", "jv_target", "investment_into_openai")),
        C("counts_in_total", "BOOLEAN"),
        C("supersedes", "VARCHAR", nullable=True, references="contracts.contract_id"),
        SOURCE, CONF, NOTES,
    ), key=("contract_id",), checks=("years_ordered",),
        description="OpenAI's compute deals, one row per deal. value_usd_bn is NULL when undisclosed; "
                    "counts_in_total is false for rows that would double count."),
    Table("events", (
        C("event_id", "VARCHAR"),
        C("event_date", "DATE", required=True),
        C("date_precision", "VARCHAR", required=True, choices=("day", "month")),
        C("actor", "VARCHAR", required=True),
        C("title", "VARCHAR", required=True),
        C("category", "VARCHAR", required=True),
        C("description", "VARCHAR", nullable=True),
        SOURCE, CONF,
    ), key=("event_id",), description="The timeline of deals, statements and policy."),
    Table("assumptions", (
        C("name", "VARCHAR", required=True),
        C("value", "DOUBLE", required=True),
        C("unit", "VARCHAR", required=True),
        C("rationale", "VARCHAR", required=True),
        SOURCE_OPTIONAL, CONF,
        C("param", "VARCHAR"),
        C("provider_id", "VARCHAR", nullable=True, references="providers.provider_id"),
        C("segment_id", "VARCHAR", nullable=True, references="segments.segment_id"),
    ), key=("name",), checks=("mix_rows_sum_to_one",),
        description="Every default the model uses, with its rationale; source_id is NULL for our own assumptions."),
    Table("partner_exposure", (
        C("provider_id", "VARCHAR", references="providers.provider_id"),
        C("metric", "VARCHAR"),
        C("period", "VARCHAR"),
        C("value", "DOUBLE"),
        C("unit", "VARCHAR"),
        SOURCE, CONF, NOTES,
    ), key=("provider_id", "metric", "period"),
        description="Stakes, investments, revenue shares and concentration between partners and OpenAI."),
    Table("partner_roles", (
        C("provider_id", "VARCHAR", references="providers.provider_id"),
        C("role", "VARCHAR", choices=("investor", "investee", "compute_supplier", "chip_supplier",
                                      "model_distributor", "rival")),
        C("as_of", "DATE"),
        C("usd_bn", "DOUBLE", nullable=True, min=0),
        SOURCE, CONF, NOTES,
    ), key=("provider_id", "role", "as_of"),
        description="Which roles each partner holds towards OpenAI, dated by the evidence for it."),
    Table("gpu_prices", (
        C("as_of", "MONTH"),
        C("gpu", "VARCHAR"),
        C("provider_tier", "VARCHAR"),
        C("price_low_usd", "DOUBLE", nullable=True, min=0),
        C("price_high_usd", "DOUBLE", nullable=True, min=0),
        C("pricing", "VARCHAR"),
        SOURCE, CONF, NOTES,
    ), key=("as_of", "gpu", "provider_tier"), description="GPU rental prices, US$ per GPU-hour."),
    Table("openai_financials", (
        C("metric", "VARCHAR"),
        C("period", "VARCHAR"),
        C("value", "DOUBLE"),
        C("unit", "VARCHAR"),
        SOURCE, CONF, NOTES,
    ), key=("metric", "period"), description="OpenAI's revenue, commitments, funding and valuation."),
    Table("data_changes", (
        C("change_date", "DATE", required=True),
        C("table_name", "VARCHAR", required=True),
        C("row_key", "VARCHAR", required=True),
        C("what_changed", "VARCHAR", required=True),
        C("reason", "VARCHAR", required=True),
        C("source_id", "VARCHAR", required=True, references="sources.source_id"),
    ), key=("change_date", "table_name", "row_key", "what_changed"), fact=False, checks=("change_log",),
        description="Every change to an existing row, dated, with why and the source for the new value. "
                    "row_key is the row's key columns in schema order joined by '|' (e.g. 2024Q4|Synergy)."),
)

BY_NAME = {t.name: t for t in TABLES}

# Written by the build from the CSVs themselves (not read from a CSV), so it is not in TABLES:
# a file brought in with DASHBOARD_DB may lack it, and the app then says the data is unversioned.
DATA_VERSION = Table("data_version", (
    C("version", "VARCHAR"),
    C("revision_date", "DATE"),
    C("csv_sha256", "VARCHAR"),
    C("storage_version", "VARCHAR"),
), fact=False, description="One row: which revision of the CSVs this file was built from.")

