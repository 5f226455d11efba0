"""The register's integrity check in words: the audit chains' verdict, as `audit verify` prints it and
exports and evidence packs state it.

The fingerprint is SHA-256 over every chain's name, length and last hash: one value naming the
trail's state at that moment (an export and an evidence pack carry it). It changes with every event
appended, so a later check cannot compare against it; a checkpoint (`register.checkpoint`) holds what
a later `socialdesk audit verify --checkpoint` compares.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from register.base import Register
from register.chain import Break, ChainResult


@dataclass(frozen=True)
class Integrity:
    chains: tuple[tuple[str, ChainResult], ...]

    @property
    def intact(self) -> bool:
        return all(result.intact for _, result in self.chains)

    @property
    def events(self) -> int:
        return sum(result.events for _, result in self.chains)

    @property
    def unchained(self) -> int:
        return sum(result.unchained for _, result in self.chains)

    @property
    def breaks(self) -> list[tuple[str, Break]]:
        return [(name, result.broken) for name, result in self.chains if result.broken is not None]

    @property
    def fingerprint(self) -> str:
        text = "".join(
            f"{name}\t{result.tip.seq}\t{result.tip.hash}\n" for name, result in sorted(self.chains)
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def verdict(self) -> str:
        """One sentence: intact or not, how much it covers, and the fingerprint."""
        older = f" ({self.unchained} from before the chain began, sealed by it)" if self.unchained else ""
        chains = f" in {len(self.chains)} chains" if len(self.chains) > 1 else ""
        if self.intact:
            return (
                f"Audit chain intact: {self.events} events{older}{chains} verified; "
                f"fingerprint {self.fingerprint}."
            )
        return (
            f"Audit chain BROKEN: {len(self.breaks)} chain(s) do not verify, first at "
            f"{self.describe_first()}; fingerprint {self.fingerprint}."
        )

    def describe_first(self) -> str:
        name, broken = self.breaks[0]
        return broken.describe(f"{name}, " if name else "")

    def lines(self) -> list[str]:
        """What `audit verify` prints: the verdict, then every break."""
        named = [broken.describe(f"{name}: " if name else "") for name, broken in self.breaks]
        return [self.verdict(), *[f"  broken at {line}" for line in named]]


async def check_integrity(register: Register, marks: Mapping[str, int] | None = None) -> Integrity:
    """Every chain verified; with `marks`, each also gives its hash at the place named (a checkpoint)."""
    return Integrity(tuple(await register.verify_chain(marks)))
