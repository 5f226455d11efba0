"""The ids the register gives blocks and audit events: random ones, or ones derived from what they record.

A block recorded with a request id (the submitted form's id) gets an id that depends on it alone, so
both backends find a second submission of the same form by its block id, with no index to keep.

The audit event of a block's creation or change has an id derived from what it records (the block,
the kind of change, the revision it replaced and who made it): writing it again, after a lost reply
or a crash, is recognisably the same event, never a second one.
"""

from __future__ import annotations

import uuid

from register.base import RegisterError

# Fixed for ever: changing it would give a resubmitted form a different block id than the first time.
_REQUEST_NAMESPACE = uuid.UUID("5d0c1a2e-6b7f-4c1e-9a55-50c1a1de5c00")
# Fixed for ever too: an event's id must come out the same in every process, before and after a crash.
_EVENT_NAMESPACE = uuid.UUID("8a3f6c1d-2e4b-4f7a-b1c9-0d5e6f7a8b9c")
MAX_REQUEST_ID = 200


def new_id() -> str:
    return uuid.uuid4().hex


def block_id_for(request_id: str | None) -> str:
    """A fresh id, or with `request_id` the id every block recorded for that request gets."""
    if request_id is None:
        return new_id()
    if not request_id.strip() or len(request_id) > MAX_REQUEST_ID:
        raise RegisterError(f"a request id must be 1 to {MAX_REQUEST_ID} characters")
    return uuid.uuid5(_REQUEST_NAMESPACE, request_id).hex


def event_id_for(*parts: str) -> str:
    """The id of the audit event that records what `parts` name, the same every time it is asked."""
    return uuid.uuid5(_EVENT_NAMESPACE, "\x1f".join(parts)).hex
