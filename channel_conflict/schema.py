"""The DuckDB contract: every table, column, key and reference the build checks.

A file brought in with DASHBOARD_DB must have every table and column in TABLES (db.schema_problems
checks them all); DATA_VERSION is optional. docs/schema.md is generated from this module
(`python -m channel_conflict.schemadoc`) and a test keeps it in step.
"""
from dataclasses import dataclass, field

CONFIDENCE = ("confirmed", "reported", "estimate", "assumption")
PROVIDER_KINDS = ("hyperscaler", "neocloud", "ai_lab", "chipmaker", "other")
SOURCE_KINDS = ("primary", "secondary")
FAB_INSTRUMENTS = ("grant", "loan", "loan_guarantee", "equity")
FAB_STAGES = ("preliminary", "final", "converted", "withdrawn", "repaid")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # VARCHAR, DOUBLE, INTEGER, DATE, BOOLEAN, QUARTER (VARCHAR like 2025Q3), MONTH (VARCHAR like 2025-06)
    nullable: bool = False
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


SOURCE = C("source_id", "VARCHAR", references="sources.source_id")
SOURCE_OPTIONAL = C("source_id", "VARCHAR", nullable=True, references="sources.source_id")
CONF = C("confidence", "VARCHAR", choices=CONFIDENCE)
# Our own vocabulary for kinds of event (not source text): the pages show each in their language ([event_category]).
EVENT_CATEGORIES = ("capacity", "channel", "contract", "financing", "market", "policy")
NOTES = C("notes", "VARCHAR", nullable=True)

TABLES: tuple[Table, ...] = (
    Table("sources", (
        C("source_id", "VARCHAR"),
        C("url", "VARCHAR"),
        C("publisher", "VARCHAR"),
        C("published", "DATE"),
        C("title", "VARCHAR", nullable=True),
        C("kind", "VARCHAR", choices=SOURCE_KINDS),
    ), key=("source_id",), fact=False,
        description="One row per article, filing or report. kind: primary is a party's own release or filing, "
                    "a government page or the research firm's own release; secondary is anyone reporting on it."),
    Table("providers", (
        C("provider_id", "VARCHAR"),
        C("name", "VARCHAR"),
        C("short_name", "VARCHAR"),
        C("kind", "VARCHAR", choices=PROVIDER_KINDS),
        C("color", "VARCHAR"),
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
        C("quarter", "QUARTER"),
        C("provider_id", "VARCHAR", references="providers.provider_id"),
        C("share_pct", "DOUBLE", min=0, max=100),
        C("research_firm", "VARCHAR"),
        C("is_primary", "BOOLEAN"),
        SOURCE, CONF, NOTES,
    ), key=("quarter", "provider_id", "research_firm", "is_primary"), checks=("share_sum",),
        description="Share of global cloud infrastructure services spend, by research firm. "
                    "Where a firm's figure was reported two ways, both rows are kept and "
                    "is_primary marks the one the app uses."),
    Table("market_size", (
        C("quarter", "QUARTER"),
        C("total_usd_bn", "DOUBLE", min=0),
        C("yoy_growth_pct", "DOUBLE", nullable=True),
        C("research_firm", "VARCHAR"),
        SOURCE, CONF, NOTES,
    ), key=("quarter", "research_firm"), description="Quarterly market size, US$ bn."),
    Table("contracts", (
        C("contract_id", "VARCHAR"),
        C("buyer", "VARCHAR"),
        C("seller_id", "VARCHAR", references="providers.provider_id"),
        C("deal_type", "VARCHAR"),
        C("announced", "DATE"),
        C("start_year", "INTEGER", nullable=True, min=2015, max=2050),
        C("end_year", "INTEGER", nullable=True, min=2015, max=2050),
        C("value_usd_bn", "DOUBLE", nullable=True, min=0),
        C("capacity_gw", "DOUBLE", nullable=True, min=0),
        C("value_kind", "VARCHAR", choices=("spend", "undisclosed", "jv_target", "investment_into_openai")),
        C("counts_in_total", "BOOLEAN"),
        C("supersedes", "VARCHAR", nullable=True, references="contracts.contract_id"),
        SOURCE, CONF, NOTES,
    ), key=("contract_id",), checks=("years_ordered",),
        description="OpenAI's compute deals, one row per deal. value_usd_bn is NULL when undisclosed; "
                    "counts_in_total is false for rows that would double count."),
    Table("events", (
        C("event_id", "VARCHAR"),
        C("event_date", "DATE"),
        C("date_precision", "VARCHAR", choices=("day", "month")),
        C("actor", "VARCHAR"),
        C("title", "VARCHAR"),
        C("category", "VARCHAR", choices=EVENT_CATEGORIES),
        C("description", "VARCHAR", nullable=True),
        SOURCE, CONF,
    ), key=("event_id",), description="The timeline of deals, statements and policy."),
    Table("assumptions", (
        C("name", "VARCHAR"),
        C("value", "DOUBLE"),
        C("unit", "VARCHAR"),
        C("rationale", "VARCHAR"),
        SOURCE_OPTIONAL, CONF,
        C("param", "VARCHAR"),
        C("provider_id", "VARCHAR", nullable=True, references="providers.provider_id"),
        C("segment_id", "VARCHAR", nullable=True, references="segments.segment_id"),
        C("low", "DOUBLE", nullable=True),
        C("high", "DOUBLE", nullable=True),
        C("range_source_id", "VARCHAR", nullable=True, references="sources.source_id"),
    ), key=("name",), checks=("mix_rows_sum_to_one",),
        description="Every default the model uses, with its rationale; source_id is NULL for our own assumptions. "
                    "low/high: a sourced range (range_source_id) where one exists; blank means the range follows "
                    "the rule by confidence in docs/model.md."),
    Table("calibration", (
        C("provider_id", "VARCHAR", references="providers.provider_id"),
        C("figure", "VARCHAR", choices=("cloud_revenue", "ai_revenue", "openai_backlog")),
        C("metric", "VARCHAR"),
        C("period", "VARCHAR"),
        C("reported", "DOUBLE", min=0),
        C("unit", "VARCHAR"),
        C("tolerance_pct", "DOUBLE", min=0),
        SOURCE, CONF, NOTES,
    ), key=("provider_id", "figure", "metric", "period"),
        description="What the partners reported, beside which the overlap model's base-year figures are checked: "
                    "figure names the modelled quantity, tolerance_pct how far it may sit from the reported value."),
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
    Table("second_sources", (
        C("table_name", "VARCHAR"),
        C("row_key", "VARCHAR"),
        C("source_id", "VARCHAR", references="sources.source_id"),
        C("adds", "VARCHAR"),
    ), key=("table_name", "row_key", "source_id"), fact=False, checks=("row_ref",),
        description="A further source behind a fact row (usually the press report beside the primary source), "
                    "and what it adds. row_key as in data_changes: the row's key columns joined by '|'."),
    Table("fab_projects", (
        C("project_id", "VARCHAR"),
        C("company", "VARCHAR"),
        C("site", "VARCHAR"),
        C("product", "VARCHAR", nullable=True),
        C("capex_usd_bn", "DOUBLE", nullable=True, min=0),
        C("expected_start", "INTEGER", nullable=True, min=2000, max=2050),
        SOURCE, CONF, NOTES,
    ), key=("project_id",),
        description="Chip fabs that public support is tied to: site, what it makes, the investment the "
                    "company committed (US$ bn) and the year production is expected to start (NULL if not found)."),
    Table("fab_support", (
        C("support_id", "VARCHAR"),
        C("company", "VARCHAR"),
        C("project_id", "VARCHAR", nullable=True, references="fab_projects.project_id"),
        C("program", "VARCHAR", choices=("CHIPS Act", "DOE LPO")),
        C("instrument", "VARCHAR", choices=FAB_INSTRUMENTS),
        C("stage", "VARCHAR", choices=FAB_STAGES),
        C("announced", "DATE"),
        C("amount_usd_bn", "DOUBLE", min=0),
        C("supersedes", "VARCHAR", nullable=True, references="fab_support.support_id"),
        SOURCE, CONF, NOTES,
    ), key=("support_id",), checks=("supersedes_earlier",),
        description="Where public money and guarantees land: CHIPS Act grants, loans and later changes (one row "
                    "per award stage; supersedes names the row a later stage replaces), and the DOE Loan Programs "
                    "Office loans and guarantees the article cites as the model."),
    Table("data_changes", (
        C("change_date", "DATE"),
        C("table_name", "VARCHAR"),
        C("row_key", "VARCHAR"),
        C("what_changed", "VARCHAR"),
        C("reason", "VARCHAR"),
        C("source_id", "VARCHAR", references="sources.source_id"),
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


# --- The data dictionary (dictionary.csv is generated from this and the columns above) ---
# Unit and meaning of every column; allowed values come from the column itself (type, choices,
# min/max, reference), so they cannot drift. A column shared by many tables is described once.
SHARED_META: dict[str, tuple[str, str]] = {
    "source_id": ("", "Where the row's figure comes from: a sources.source_id (URL, publisher, date)"),
    "confidence": ("", "confirmed: a party to it said so, or a filing; reported: a major outlet citing sources, "
                       "or a research firm's figure as reported; estimate: derived by us from sourced figures (the "
                       "notes say how); assumption: our own default, editable in the app"),
    "notes": ("", "Caveats and context in words: what the source says beside the figure, why a row is excluded"),
}
COLUMN_META: dict[str, dict[str, tuple[str, str]]] = {
    "sources": {
        "source_id": ("", "Key: publisher and publication date, e.g. canalys-2024-08-01"),
        "url": ("", "Address of the article, filing, release or page"),
        "publisher": ("", "Who published it"),
        "published": ("date", "Date of publication (approximate where the notes of the citing rows say so)"),
        "title": ("", "Our short title for it"),
        "kind": ("", "primary: a party's own release or filing, a government page or the research firm's own "
                     "release; secondary: anyone reporting on it"),
    },
    "providers": {
        "provider_id": ("", "Key used by every other table"),
        "name": ("", "Full company or product name"),
        "short_name": ("", "Name on charts"),
        "kind": ("", "What kind of company it is"),
        "color": ("hex RGB", "The one colour the company has on every chart"),
        "market_group": ("", "Group in the market charts: the big three, Oracle, neoclouds, other"),
        "is_openai_partner": ("", "True if it supplies OpenAI with compute or chips or invests in it"),
        "sort_order": ("", "Order in legends and tables"),
    },
    "segments": {
        "segment_id": ("", "Key used by the model's assumptions"),
        "name": ("", "Segment name"),
        "description": ("", "Who is in the segment"),
        "sort_order": ("", "Order on charts"),
    },
    "market_share": {
        "quarter": ("calendar quarter", "Quarter the share is for"),
        "provider_id": ("", "The provider whose share it is"),
        "share_pct": ("%", "Share of worldwide cloud infrastructure services spend in the quarter"),
        "research_firm": ("", "The research firm that estimated it (Synergy, Canalys)"),
        "is_primary": ("", "True for the figure the app uses where the firm's figure was reported two ways"),
    },
    "market_size": {
        "quarter": ("calendar quarter", "Quarter the spend is for"),
        "total_usd_bn": ("US$ bn", "Worldwide cloud infrastructure services spend in the quarter"),
        "yoy_growth_pct": ("%", "Growth over the same quarter a year earlier, as the firm gave it"),
        "research_firm": ("", "The research firm that estimated it"),
    },
    "contracts": {
        "contract_id": ("", "Key: seller and headline figure, e.g. aws-38"),
        "buyer": ("", "Who buys (OpenAI, or the Stargate joint venture)"),
        "seller_id": ("", "The provider that sells"),
        "deal_type": ("", "cloud_capacity, chips, custom_silicon or datacenter_jv"),
        "announced": ("date", "Day the deal was announced"),
        "start_year": ("year", "First year of the deal; NULL if not disclosed"),
        "end_year": ("year", "Last year of the deal (inclusive); NULL if not disclosed"),
        "value_usd_bn": ("US$ bn", "Headline value over the whole term; NULL if undisclosed (never 0)"),
        "capacity_gw": ("GW", "Power capacity named in the deal; NULL if none"),
        "value_kind": ("", "What the value is: OpenAI's spend, undisclosed, a joint-venture target, or an "
                           "investment into OpenAI"),
        "counts_in_total": ("", "False for rows that would double count in totals (umbrellas, superseded figures, "
                                "investments)"),
        "supersedes": ("", "The contract_id of an earlier figure this row replaces"),
    },
    "events": {
        "event_id": ("", "Key: date and actor"),
        "event_date": ("date", "When it happened (the first of the month when date_precision is month)"),
        "date_precision": ("", "Whether event_date is exact to the day or only to the month"),
        "actor": ("", "Who acted"),
        "title": ("", "One line on what happened"),
        "category": ("", "Kind of event: contract, capacity, channel, financing, market, policy"),
        "description": ("", "What happened, in a sentence or two"),
    },
    "assumptions": {
        "name": ("", "Key: parameter, then provider or segment, e.g. ai_fraction.aws"),
        "value": ("see unit", "The default value the model uses"),
        "unit": ("", "Unit of value (fraction, pct, usd_bn, years, ...)"),
        "rationale": ("", "Why this value: the sourced figure or our reasoning"),
        "param": ("", "The model parameter the row sets (docs/model.md names each)"),
        "provider_id": ("", "The provider the value is for; NULL if it is not per provider"),
        "segment_id": ("", "The segment the value is for; NULL if it is not per segment"),
        "low": ("see unit", "Low end of a sourced range for the value; NULL if none was found"),
        "high": ("see unit", "High end of a sourced range for the value; NULL if none was found"),
        "range_source_id": ("", "The source of low and high"),
    },
    "calibration": {
        "provider_id": ("", "The partner that reported the figure"),
        "figure": ("", "The model quantity the reported figure is checked against"),
        "metric": ("", "What the partner reported"),
        "period": ("", "Period the figure is for (quarter, month or fiscal period)"),
        "reported": ("see unit", "The reported figure"),
        "unit": ("", "Unit of reported"),
        "tolerance_pct": ("%", "How far the model's figure may sit from the reported one"),
    },
    "partner_exposure": {
        "provider_id": ("", "The partner the figure is about"),
        "metric": ("", "What is measured (stake, investment, revenue share, backlog, ...)"),
        "period": ("", "Period or date the figure is for (year, quarter, month or fiscal quarter)"),
        "value": ("see unit", "The figure"),
        "unit": ("", "Unit of value (pct, usd_bn)"),
    },
    "partner_roles": {
        "provider_id": ("", "The partner"),
        "role": ("", "A role it holds towards OpenAI"),
        "as_of": ("date", "Date of the evidence for the role"),
        "usd_bn": ("US$ bn", "Money attached to the role (investment, commitment); NULL if none or undisclosed"),
    },
    "gpu_prices": {
        "as_of": ("month", "Month the price was observed"),
        "gpu": ("", "Accelerator model (H100, H200, ...)"),
        "provider_tier": ("", "Kind of seller: hyperscaler, specialty, long_tail, market or market_index"),
        "price_low_usd": ("US$ per GPU-hour", "Low end of the price range; NULL if the source gave no level"),
        "price_high_usd": ("US$ per GPU-hour", "High end of the price range; NULL if the source gave no level"),
        "pricing": ("", "on_demand list prices or a rental_index"),
    },
    "openai_financials": {
        "metric": ("", "What is measured (revenue, run rate, commitments, funding round, valuation)"),
        "period": ("", "Period or month the figure is for"),
        "value": ("see unit", "The figure"),
        "unit": ("", "Unit of value"),
    },
    "second_sources": {
        "table_name": ("", "The table of the row this source also backs"),
        "row_key": ("", "That row's key columns in schema order joined by '|'"),
        "source_id": ("", "The further source"),
        "adds": ("", "What this source adds beside the row's own source"),
    },
    "fab_projects": {
        "project_id": ("", "Key: company and site"),
        "company": ("", "The chipmaker"),
        "site": ("", "Where the fab is"),
        "product": ("", "What it makes; NULL if not found"),
        "capex_usd_bn": ("US$ bn", "Investment the company committed; NULL if not found"),
        "expected_start": ("year", "Year production is expected to start; NULL if not found"),
    },
    "fab_support": {
        "support_id": ("", "Key: company, programme and stage"),
        "company": ("", "Who receives the support"),
        "project_id": ("", "The fab the support is tied to; NULL if not one fab"),
        "program": ("", "The public programme"),
        "instrument": ("", "Grant, loan, loan guarantee or equity"),
        "stage": ("", "Stage of the award (preliminary terms, final award, converted, withdrawn, repaid)"),
        "announced": ("date", "Day the stage was announced"),
        "amount_usd_bn": ("US$ bn", "Amount at this stage"),
        "supersedes": ("", "The support_id of the earlier stage this row replaces"),
    },
    "data_changes": {
        "change_date": ("date", "Day the change was made to the CSV"),
        "table_name": ("", "The table of the changed row"),
        "row_key": ("", "The changed row's key columns in schema order joined by '|'"),
        "what_changed": ("", "Column(s), old value -> new value"),
        "reason": ("", "Why it changed"),
        "source_id": ("", "The source for the new value"),
    },
    "data_version": {
        "version": ("", "Revision date, a dot, then the first 7 hex digits of csv_sha256"),
        "revision_date": ("date", "Newest date in the data: a source's publication or a logged change"),
        "csv_sha256": ("sha256 hex", "sha256 of the `sha256sum` listing of the source CSVs in name order"),
        "storage_version": ("", "DuckDB storage version the file was written with"),
    },
}


def column_meta(table: str, column: str) -> tuple[str, str]:
    """(unit, meaning) of a column; ("", "") when nobody has described it yet."""
    return COLUMN_META.get(table, {}).get(column) or SHARED_META.get(column, ("", ""))


def allowed_values(col: Column) -> str:
    """What a cell may hold, in words, from the column's own checks."""
    parts = []
    if col.choices:
        parts.append(" | ".join(str(c) for c in col.choices))
    elif col.type == "QUARTER":
        parts.append("YYYYQn, e.g. 2025Q3")
    elif col.type == "MONTH":
        parts.append("YYYY-MM")
    elif col.type == "DATE":
        parts.append("YYYY-MM-DD")
    elif col.type == "BOOLEAN":
        parts.append("true | false")
    if col.min is not None and col.max is not None:
        parts.append(f"{col.min:g} to {col.max:g}")
    elif col.min is not None:
        parts.append(f">= {col.min:g}")
    elif col.max is not None:
        parts.append(f"<= {col.max:g}")
    if col.references:
        parts.append(f"a {col.references}")
    if col.nullable:
        parts.append("or empty (NULL)")
    return "; ".join(parts)

