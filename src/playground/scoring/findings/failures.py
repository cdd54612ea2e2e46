"""Failed calls: the component where failures started (not one that passed them on), when, and
after which fault."""

from __future__ import annotations

from collections.abc import Iterator

from playground.faults import FAULTS
from playground.scoring.evidence import Evidence, moment
from playground.scoring.findings.candidate import Candidate
from playground.scoring.findings.load import busy


def failures(ev: Evidence) -> Iterator[Candidate]:
    for cid, stats in ev.components.items():
        errors = stats.errors
        if errors <= 0 or ev.total <= 0:
            continue
        passed_on = max((ev.errors(d) for d in ev.downstream(cid)), default=0)
        if passed_on >= 0.8 * errors:
            continue  # the failures came from further down; that component is the finding
        if busy(ev, cid).seconds:
            continue  # saturated: the saturation finding tells why its calls failed
        c = ev.by_id.get(cid)
        times = [t for t, e in zip(stats.series.t, stats.series.errors, strict=False) if e]
        window = f" between {moment(times[0])} and {moment(times[-1])}" if len(times) > 1 else ""
        share = errors / ev.total
        note = c.errors_note(errors, share, window, ev) if c is not None else None
        if note is not None:
            message = note
        else:
            message = f"{cid}: {errors:,} failed calls{window}"
            fault = ev.fault_hitting({cid}, times[-1] if times else float("inf"))
            if fault:
                message += f" after {fault.what} at {moment(fault.t_s)}"
                if FAULTS[fault.kind].takes_down and c is not None:
                    message += c.outage_note(ev.design)
        yield Candidate(
            cid,
            message,
            {"availability": min(share, 1.0)},
            {"errors": errors, "share_of_requests": round(share, 4)},
        )
