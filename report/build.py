"""Reading the register for one month's report: the whole audit log and every block, then the figures."""

from __future__ import annotations

from datetime import datetime

from policy.pack import PolicyPack
from register.base import Register
from report.figures import Figures, Month, compute_figures


async def month_figures(register: Register, month: Month, pack: PolicyPack, now: datetime) -> Figures:
    """The month's figures as the register holds them at `now`."""
    events = await register.audit()
    blocks = await register.all_blocks()
    return compute_figures(events, blocks, month, pack, now)
