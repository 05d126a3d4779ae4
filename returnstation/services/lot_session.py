"""A lot inspection at the bench as a workflow, without Qt: which sample is next, whether the samples so
far pass, and when the lot is ready to be decided or has failed.

Why here and not in the Inspect tab: the rule "any failed sample sends the lot to single inspection" and
the order of the samples are what is worth testing, and they are testable in plain unit tests only when
no widget holds them. The page answers each sample's checklist as for a single item, hands the finished
sample and its live preview here, and asks the service to decide (or to record the failure); the
service judges every sample again with the same ``LotPolicy.judge`` before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from returnstation.disposition.lot_sampling import LotPolicy, SampleJudgement
from returnstation.domain.inspection import Decision
from returnstation.services.inspection import DecisionPreview
from returnstation.services.lot_inspection import LotPlan, SampleResult


class LotState(Enum):
    SAMPLING = "sampling"  # a sample is open (or about to be)
    READY = "ready"  # every sample passed: the lot can be decided
    FAILED = "failed"  # a sample failed: the lot goes to single inspection


@dataclass(frozen=True, slots=True)
class SampleTaken:
    """What taking one sample did: its judgement, and the item to open next (None: no more samples)."""

    judgement: SampleJudgement
    state: LotState
    next_item_id: int | None


class LotSession:
    def __init__(self, plan: LotPlan, policy: LotPolicy) -> None:
        self.plan = plan
        self.policy = policy
        self.samples: list[SampleResult] = []
        self.first: Decision | None = None  # the first sample's decision: every other must agree
        self.failure: SampleJudgement | None = None

    @property
    def state(self) -> LotState:
        if self.failure is not None:
            return LotState.FAILED
        return LotState.READY if len(self.samples) == len(self.plan.sample) else LotState.SAMPLING

    @property
    def current_item_id(self) -> int | None:
        """The sample to inspect now; None once the lot is ready or has failed."""
        if self.state is not LotState.SAMPLING:
            return None
        return self.plan.sample[len(self.samples)]

    @property
    def position(self) -> tuple[int, int]:
        """(this sample's number from 1, how many samples): "sample 2 of 8"."""
        return min(len(self.samples) + 1, len(self.plan.sample)), len(self.plan.sample)

    def is_unit(self, item_id: int) -> bool:
        return any(u.item_id == item_id for u in self.plan.units)

    def take(self, sample: SampleResult, preview: DecisionPreview) -> SampleTaken:
        """The open sample, answered: judged at once, so a failure stops the lot before the next one."""
        if sample.item_id != self.current_item_id:
            raise ValueError(f"item {sample.item_id} is not the sample to inspect now")
        judgement = self.policy.judge(preview.grade.grade, sample.answers, preview.decision, self.first)
        self.samples.append(sample)
        if judgement.passed:
            self.first = self.first or preview.decision
        else:
            self.failure = judgement
        return SampleTaken(judgement, self.state, self.current_item_id)
