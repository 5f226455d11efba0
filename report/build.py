"""Reading the register for one month's report: the audit log from the month's start (with the earlier
events of the blocks and checks it names, `Register.audit_since`) and every block, then the figures."""

from __future__ import annotations

from datetime import datetime, time

from policy.pack import PolicyPack
from register.base import Register
from report.figures import Figures, Month, compute_figures


async def month_figures(register: Register, month: Month, pack: PolicyPack, now: datetime) -> Figures:
    """The month's figures as the register holds them at `now`."""
    # London's midnight at the start of the month: nothing earlier counts unless a later event names it.
    start = datetime.combine(month.first, time(0), tzinfo=pack.timezone)
    events = await register.audit_since(start)
    blocks = await register.all_blocks()
    return compute_figures(events, blocks, month, pack, now)
