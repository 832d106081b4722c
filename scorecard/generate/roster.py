"""The roster: people, teams, roles and their history (agents/agents.csv).

Everything else is generated for the people on this roster, so every agent id another
source references exists here, and nobody has activity before hire or after leaving.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scorecard.contract import SOURCES_BY_NAME
from scorecard.generate.timeline import Period
from scorecard.generate.writer import Table, small_table

# Common surnames and given-name characters; names are 2-3 hanzi like real rosters.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉婷雪琳晨宇欣怡浩然轩涵诺琪远"
    "俊雨桐博文嘉志建国海燕丹晓东佳慧颖斌凯峰瑶倩悦蕾楠鑫帆洁"
)
SITES = ("Beijing", "Chengdu")
QA_TEAM = "Q01"  # inspectors form their own group: they evaluate, they are not evaluated
CALL_ROLES = ("agent", "telesales")  # roles that take or make calls


@dataclass
class Person:
    idx: int
    agent_id: str
    name: str
    role: str
    team_id: str
    site: str
    hire_day: int  # day index relative to the period (negative = before it)
    leave_day: int | None  # last employed day (index), None = still employed
    shift: str  # "day" (09:00-18:00) or "evening" (13:00-22:00)
    team_change: tuple[int, str] | None = None  # (day index, new team)

    def employed(self, day: int) -> bool:
        return self.hire_day <= day and (self.leave_day is None or day <= self.leave_day)

    def team_on(self, day: int) -> str:
        if self.team_change and day >= self.team_change[0]:
            return self.team_change[1]
        return self.team_id


@dataclass
class Roster:
    people: list[Person]
    teams: list[str]  # agent teams (each with one team lead), not the QA group
    leads: dict[str, int]  # team id -> person idx of its team lead
    team_sites: dict[str, str]

    @property
    def ids(self) -> list[str]:
        return [p.agent_id for p in self.people]

    def by_role(self, *roles: str) -> list[Person]:
        return [p for p in self.people if p.role in roles]

    def employed_matrix(self, n_days: int) -> np.ndarray:
        """bool [person, day]: on the roster that day."""
        days = np.arange(n_days)
        out = np.zeros((len(self.people), n_days), dtype=bool)
        for p in self.people:
            last = n_days if p.leave_day is None else p.leave_day + 1
            out[p.idx] = (days >= p.hire_day) & (days < last)
        return out

    def lead_of(self, person: Person, day: int) -> Person:
        return self.people[self.leads[person.team_on(day)]]

    def teammates(self, person: Person, day: int) -> list[Person]:
        team = person.team_on(day)
        return [
            p
            for p in self.people
            if p.idx != person.idx
            and p.role in CALL_ROLES
            and p.employed(day)
            and p.team_on(day) == team
        ]


def _names(rng: np.random.Generator, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()  # membership only; never iterated (hash order is not stable)
    while len(names) < count:
        surname = SURNAMES[rng.integers(len(SURNAMES))]
        length = 1 if rng.random() < 0.35 else 2
        given = "".join(GIVEN[rng.integers(len(GIVEN))] for _ in range(length))
        if surname + given not in seen or len(seen) > 5000:
            seen.add(surname + given)
            names.append(surname + given)
    return names


def _weekday_on_or_after(period: Period, day: int) -> int:
    while day < period.n_days - 1 and period.weekday[day] >= 5:
        day += 1
    return day


def _mid_month_day(rng: np.random.Generator, period: Period, lo: int, hi: int) -> int:
    """A weekday between the lo-th and hi-th day of a random month of the period."""
    month = int(rng.integers(len(period.months)))
    first = period.month_days(month).start
    return _weekday_on_or_after(period, first + int(rng.integers(lo, hi + 1)) - 1)


def build_roster(rng: np.random.Generator, period: Period, agents: int) -> Roster:
    """Sizes, roles, teams and history of `agents` people (all roles)."""
    if agents < 6:
        raise ValueError(
            f"--agents must be at least 6 (two teams with a lead, an inspector and staff), "
            f"got {agents}"
        )
    # One inspector per ~25 people (each evaluates ~25 calls a working day, about the
    # 500 a month of the inspector card), at least two for calibration re-scores.
    n_qa = 1 if agents < 10 else max(2, round(agents / 25))
    n_staff = agents - n_qa
    n_tele = max(1, round(agents * 0.25))
    # Telesales sit in their own teams: a team average of outbound calls or orders then
    # compares telesales with telesales, and an inbound team has none to compare.
    n_tele_teams = max(1, round(n_tele / 12))
    rest = n_staff - n_tele - n_tele_teams
    n_agent_teams = max(2 if rest >= 6 else 1, round(rest / 13))
    n_teams = n_agent_teams + n_tele_teams
    n_agent = rest - n_agent_teams
    months = len(period.months)

    roles = ["qa_inspector"] * n_qa + ["team_lead"] * n_teams
    roles += ["agent"] * n_agent + ["telesales"] * n_tele
    n = len(roles)
    # Long-serving staff were hired up to ~7 years before the period; leads and
    # inspectors are seniors.
    tenure = rng.integers(20, 2500, size=n)
    senior = np.array([r in ("qa_inspector", "team_lead") for r in roles])
    tenure[senior] += 400
    hire = [-int(t) for t in tenure]

    staff = [i for i, r in enumerate(roles) if r in CALL_ROLES]
    order = rng.permutation(len(staff))
    staff = [staff[i] for i in order]
    n_join = max(1, round(agents * months * 0.015))
    n_leave = max(1, round(agents * months * 0.012))
    n_change = max(1, round(agents * months * 0.01))
    joiners = staff[:n_join]
    leavers = staff[n_join : n_join + n_leave]
    # Team changes stay within the kind of team, so only where there are two of a kind.
    movable = {"agent": n_agent_teams > 1, "telesales": n_tele_teams > 1}
    changers = [i for i in staff[n_join + n_leave :] if movable[roles[i]]][:n_change]
    for i in joiners:
        hire[i] = _mid_month_day(rng, period, 2, 20)
    leave: list[int | None] = [None] * n
    for i in leavers:
        leave[i] = _mid_month_day(rng, period, 5, 24)

    # Ids follow hire order (older staff have smaller numbers), as HR systems assign them.
    by_hire = sorted(range(n), key=lambda i: (hire[i], i))
    agent_ids = {i: f"A{rank + 1:04d}" for rank, i in enumerate(by_hire)}
    names = _names(rng, n)

    teams = [f"T{t + 1:02d}" for t in range(n_teams)]
    team_sites = {team: SITES[t % len(SITES)] for t, team in enumerate(teams)}
    team_of: dict[int, str] = {}
    leads: dict[str, int] = {}
    lead_idx = [i for i, r in enumerate(roles) if r == "team_lead"]
    for team, i in zip(teams, lead_idx, strict=True):
        team_of[i] = team
        leads[team] = i
    # Service agents fill the first teams, telesales the last (sales) teams.
    kinds = (
        ("agent", teams[:n_agent_teams]),
        ("telesales", teams[n_agent_teams:]),
    )
    for role, role_teams in kinds:
        members = [i for i in range(n) if roles[i] == role]
        members = [members[k] for k in rng.permutation(len(members))]
        chunks = np.array_split(np.array(members, dtype=np.int64), len(role_teams))
        for team, chunk in zip(role_teams, chunks, strict=True):
            for i in chunk.tolist():
                team_of[i] = team
    same_kind = {team: role_teams for _, role_teams in kinds for team in role_teams}
    for i in range(n):
        team_of.setdefault(i, QA_TEAM)

    people = []
    for i in range(n):
        shift = "evening" if roles[i] in CALL_ROLES and rng.random() < 0.3 else "day"
        people.append(
            Person(
                idx=i,
                agent_id=agent_ids[i],
                name=names[i],
                role=roles[i],
                team_id=team_of[i],
                site="Beijing" if team_of[i] == QA_TEAM else team_sites[team_of[i]],
                hire_day=hire[i],
                leave_day=leave[i],
                shift=shift,
            )
        )
    for i in changers:
        # A move stays within the kind of team (service or sales): the role is unchanged.
        other = [t for t in same_kind[team_of[i]] if t != team_of[i]]
        people[i].team_change = (
            _mid_month_day(rng, period, 8, 22),
            other[int(rng.integers(len(other)))],
        )
    # Re-index by agent id so iteration order is the roster order everywhere.
    people.sort(key=lambda p: p.agent_id)
    old_to_new = {p.idx: k for k, p in enumerate(people)}
    for k, p in enumerate(people):
        p.idx = k
    leads = {team: old_to_new[i] for team, i in leads.items()}
    return Roster(people=people, teams=teams, leads=leads, team_sites=team_sites)


def roster_table(roster: Roster, period: Period) -> Table:
    """agents.csv: one row per roster version (hire, team change, leave)."""

    def day_text(day: int) -> str:
        return str(period.days[0] + np.timedelta64(day, "D"))

    rows = []
    for p in roster.people:
        hired = day_text(p.hire_day)
        # (valid_from, team, leave_date): HR records a team change or a leave as a new
        # version, so versions before the leave carry no leave date.
        versions = [(p.hire_day, p.team_id, "")]
        if p.team_change:
            versions.append((p.team_change[0], p.team_change[1], ""))
        if p.leave_day is not None:
            versions.append((p.leave_day, p.team_on(p.leave_day), day_text(p.leave_day)))
        for valid_from, team, leave in versions:
            site = roster.team_sites.get(team, p.site)
            since = day_text(valid_from)
            rows.append([p.agent_id, p.name, team, p.role, site, hired, leave, since])
    return small_table(SOURCES_BY_NAME["agents"], rows, [0] * len(rows))


def employed_until(roster: Roster, period: Period) -> np.ndarray:
    """Per person, the local second after their last employed day (int64 max if staying)."""
    return np.array(
        [
            period.start_seconds + (p.leave_day + 1) * 86_400
            if p.leave_day is not None
            else np.iinfo(np.int64).max
            for p in roster.people
        ],
        dtype=np.int64,
    )
