"""The channel-conflict overlap model: pure functions over pandas frames and numpy arrays.

    inputs = load_inputs(q)              # q(name) -> frame; or build_inputs(*frames of queries/model_*.sql)
    values, _ = params.parse(views.overlap.params_for(inputs), query)   # the app's link parser
    scenario, problems = check(views.overlap.scenario_from(values, inputs), inputs)
    result = run(inputs, scenario)       # tidy frames; see docs/model.md

No Streamlit here.
"""
from .edits import (
    apply_mix_edits,
    apply_revenue_edits,
    changed_assumptions,
    mix_table,
    revenue_table,
)
from .inputs import QUERIES, ModelInputError, ModelInputs, build_inputs, default_provenance, load_inputs
from .overlap import OPENAI_ID, Arrays, Result, equations, run
from .scenario import PRESETS, Preset, Scenario, check, matching_preset, preset, url_keys

__all__ = [
    "QUERIES", "OPENAI_ID", "PRESETS", "Arrays", "ModelInputError", "ModelInputs", "Preset", "Result", "Scenario",
    "apply_mix_edits", "apply_revenue_edits", "build_inputs", "changed_assumptions", "check", "default_provenance",
    "equations", "load_inputs", "matching_preset", "mix_table", "preset", "revenue_table", "run", "url_keys",
]
