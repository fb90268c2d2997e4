"""The presentation model: display facts computed once from the scorecard and the store, for every renderer
(see docs/ARCHITECTURE.md).

`period_facts(card, lang)` turns a period's assessments into display facts once — rounded figures (四舍五入),
target and gap texts with units, status with label, icon and colour, change on the previous period, counts
and the ordered red items — and every screen and document reads them. `whatif` projects the full year.
"""
from .facts import (
                    Counts,
                    MilestoneCounts,
                    PeriodFacts,
                    RedItem,
                    StatusFacts,
                    Tally,
                    TargetFacts,
                    cutoff_line,
                    cutoff_text,
                    pace_text,
                    period_facts,
                    period_phrase,
                    span_text,
                    status_facts,
                    tally_of,
                    target_facts,
                    target_text,
                    value_text,
                    vocabulary,
)

__all__ = ["Counts", "MilestoneCounts", "PeriodFacts", "RedItem", "StatusFacts", "TargetFacts", "cutoff_line",
           "cutoff_text", "pace_text", "period_phrase", "span_text", "Tally", "tally_of", "vocabulary",
           "period_facts", "status_facts", "target_facts", "target_text", "value_text"]
