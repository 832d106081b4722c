"""Orders and return requests (sales/, return_requests/).

Orders are taken during real calls: telesales convert connected outbound calls, service
agents occasionally sell on an inbound call. So an order's call_id, customer_id and agent
agree with calls/, which the conversion-rate indicator relies on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scorecard.contract import SOURCES_BY_NAME
from scorecard.generate.attendance import Attendance
from scorecard.generate.roster import Roster
from scorecard.generate.telephony import ANSWERED, INBOUND, OUTBOUND, Calls
from scorecard.generate.timeline import Period, iso_local
from scorecard.generate.writer import (
    Codes,
    Ids,
    Stamps,
    Table,
    Texts,
    format_id,
    small_table,
)

# Per service agent: share of answered inbound calls that end in an order (some agents
# sell on the call far more than others).
P_ORDER_INBOUND = (0.06, 0.025, 0.01, 0.14)
# Per telesales: share of connected outbound calls that end in an order (the 10086 card's
# sales success rate aims at 10 %; cancellations take ~10 % of orders back).
P_ORDER_OUTBOUND = (0.13, 0.03, 0.06, 0.22)
STATUS_WEIGHTS = (0.28, 0.62, 0.10)  # placed, paid, cancelled
CANCELLED = 2
P_RETURN = 0.09
OUTCOME_WEIGHTS = (0.35, 0.55, 0.10)  # prevented, returned, pending


@dataclass
class Orders:
    call: np.ndarray
    agent: np.ndarray
    customer: np.ndarray
    ordered: np.ndarray
    cents: np.ndarray
    status: np.ndarray


def build_orders(rng: np.random.Generator, calls: Calls) -> Orders:
    answered = (calls.disposition == ANSWERED) & (calls.agent >= 0) & (calls.customer > 0)
    inbound = answered & (calls.direction == INBOUND)
    outbound = answered & (calls.direction == OUTBOUND)
    people = int(calls.agent.max()) + 1 if len(calls) else 0
    sells_in = np.clip(rng.normal(*P_ORDER_INBOUND[:2], people), *P_ORDER_INBOUND[2:])
    sells_out = np.clip(rng.normal(*P_ORDER_OUTBOUND[:2], people), *P_ORDER_OUTBOUND[2:])
    u = rng.random(len(calls))
    agent = np.maximum(calls.agent, 0)
    p_order = np.where(calls.direction == INBOUND, sells_in[agent], sells_out[agent])
    chosen = np.nonzero((inbound | outbound) & (u < p_order))[0]
    # The order is keyed in while the customer is still on the line.
    span = calls.ended[chosen] - calls.answered[chosen]
    ordered = calls.answered[chosen] + (span * rng.uniform(0.5, 0.95, chosen.size)).astype(np.int64)
    amount = np.maximum(rng.lognormal(np.log(300), 0.75, chosen.size), 9.9)
    cents = np.round(amount * 100).astype(np.int64)
    status = rng.choice(3, size=chosen.size, p=STATUS_WEIGHTS)
    order = np.lexsort((chosen, ordered))
    chosen = chosen[order]
    return Orders(
        call=chosen,
        agent=calls.agent[chosen],
        customer=calls.customer[chosen],
        ordered=ordered[order],
        cents=cents[order],
        status=status[order],
    )


def _money(cents: np.ndarray) -> list[str]:
    return [f"{c // 100}.{c % 100:02d}" for c in cents.tolist()]


def order_table(period: Period, roster: Roster, orders: Orders) -> Table:
    columns = {
        "order_id": Ids("SO", 9, np.arange(1, orders.call.size + 1)),
        "agent_id": Codes(orders.agent, roster.ids),
        "customer_id": Ids("C", 8, orders.customer),
        "call_id": Ids("CL", 9, orders.call + 1),
        "ordered_at": Stamps(orders.ordered),
        "amount": Texts(_money(orders.cents)),
        "status": Codes(orders.status, SOURCES_BY_NAME["sales"].column("status").values),
    }
    return Table(SOURCES_BY_NAME["sales"], columns, period.month_of(orders.ordered))


def return_table(
    rng: np.random.Generator, period: Period, roster: Roster, att: Attendance, orders: Orders
) -> Table:
    """~8% of orders come back as a return request, logged by the same agent days later."""
    candidates = np.nonzero(orders.status != CANCELLED)[0]
    chosen = candidates[rng.random(candidates.size) < P_RETURN]
    outcomes = SOURCES_BY_NAME["return_requests"].column("outcome").values
    requests = []
    for k in chosen.tolist():
        person = int(orders.agent[k])
        day = int(period.day_of(orders.ordered[k])) + int(rng.integers(2, 15))
        # The request is logged on the agent's next working shift.
        for _ in range(8):
            if day >= period.n_days or att.present(person, day):
                break
            day += 1
        if not att.present(person, day):
            continue
        at = att.random_time_at_work(rng, person, day)
        outcome = outcomes[int(rng.choice(3, p=OUTCOME_WEIGHTS))]
        requests.append((at, k, person, outcome))
    requests.sort()
    rows, months = [], []
    for number, (at, k, person, outcome) in enumerate(requests, start=1):
        rows.append(
            [
                format_id("return_requests", number),
                format_id("sales", k + 1),
                roster.people[person].agent_id,
                iso_local(at),
                outcome,
            ]
        )
        months.append(int(period.month_of(np.int64(at))))
    return small_table(SOURCES_BY_NAME["return_requests"], rows, months)
