#!/usr/bin/env python3
"""A plain reference evaluation of churn-watch's rules: Python 3.11, standard library only.

    python3 test/bench/reference-evaluate.py --orders orders.csv --as-of 2026-11-20 [--all]
        [--visits visits.csv] [--complaints complaints.csv]

What `churn-watch evaluate --orders FILE --as-of DAY --format json` does with the default settings
(functions/core/config.ts DEFAULT_CONFIG), written the way a careful analyst would write it, so that
`npm run bench` can say how the CLI compares with the obvious script (speed) and that both say the same
(test/bench/reference-agreement.ts):

- reads an order export with the English headers order_id, customer_id, order_date, amount, sku, quantity,
  rep_id, status; refuses bad values with the line and what is wrong (dates YYYY-MM-DD, amounts in yuan with at
  most two decimals, statuses placed/cancelled/returned, one customer per order id, a return's amount not
  positive); the CLI reads more (GBK, Chinese headers, other date formats, status words such as 已下单);
- builds each customer's orders as functions/core/profile.ts does: lines grouped by order id and day, cancelled
  lines out, returns as negative nets on their own day, an order returned in full not a purchase, history kept
  for 540 days before the latest purchase;
- applies the same tiers (trailing 12-month sales: top 5% vip, 20% of the rest important, 50% of the rest
  general), ordering cycle (median of the last 12 gaps, blended with 30 days below 3 gaps) and rules
  (inactive, churned, cycle_overdue, sales_drop, order_count_drop, sustained_decline, sku_breadth_drop,
  visit_overdue and complaints_rising when those files are given), the status and the rules' own risk score
  (functions/core/risk.ts), and prints the customers at risk as JSON, most money at risk first.

Left out on purpose: `low_p_alive` (it needs the BG/NBD model; off by default) and the learned risk
(`riskModel`), which decides who is at risk by default. Compare like with like: the CLI with
{"riskModel": {"enabled": false}}, whose at-risk customers are those with a buying signal, as here.
Floating-point expressions are written in the CLI's order, so severities and the risk come out the same.
Customer ids are compared as code points (the CLI: UTF-16 units); they agree for ids outside the astral planes.
"""

import argparse
import csv
import json
import math
import re
import sys
from bisect import bisect_left, bisect_right
from datetime import date

RETENTION_DAYS = 540  # profile.retentionDays (also what the risk model's training reads at 90 days)
TRAILING_DAYS = 365  # tiers.trailingDays
TIER_SHARES = (0.05, 0.2, 0.5)  # vip, important, general; the rest dormant
CYCLE = {"recent_gaps": 12, "min_gaps": 3, "fallback_days": 30, "max_days": 180}
LOST_AFTER_DAYS = 365
VISIT_CADENCE = {"vip": 14, "important": 21, "general": 30, "dormant": None}  # None: rule off
SIGNAL_WEIGHTS = {
    "churned": 0.9, "cycle_overdue": 0.6, "inactive": 0.6, "sales_drop": 0.45, "order_count_drop": 0.35,
    "sustained_decline": 0.45, "sku_breadth_drop": 0.3, "complaints_rising": 0.35, "visit_overdue": 0.1,
}
RECENCY_RULES = {"inactive", "cycle_overdue", "churned"}
MAX_FEN = 10**12  # 10 billion yuan: the most one line may carry
MAX_ERRORS_SHOWN = 20

DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
AMOUNT_RE = re.compile(r"([+-]?)(\d+)(?:\.(\d{1,2}))?")
QUANTITY_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
STATUSES = {"placed", "cancelled", "returned"}


def js_round(x):
    """Math.round: halves go up (Python's round() goes to even)."""
    return math.floor(x + 0.5)


def clamp01(x):
    return max(0.0, min(1.0, x))


class BadRow(Exception):
    pass


_days = {}


def parse_day(text):
    """A YYYY-MM-DD date as a day number (days between two of them are exact)."""
    day = _days.get(text)
    if day is None:
        m = DATE_RE.fullmatch(text)
        if not m:
            raise BadRow(f"not a date YYYY-MM-DD: {text!r}")
        year, month, dom = int(m[1]), int(m[2]), int(m[3])
        if not 1900 <= year <= 2199:
            raise BadRow(f"year out of range: {text!r}")
        try:
            day = _days[text] = date(year, month, dom).toordinal()
        except ValueError:
            raise BadRow(f"no such day: {text!r}") from None
    return day


def parse_fen(text):
    """Yuan with at most two decimals as integer fen, never through a float."""
    m = AMOUNT_RE.fullmatch(text)
    if not m:
        raise BadRow(f"not an amount in yuan with at most 2 decimals: {text!r}")
    fen = int(m[2]) * 100 + int((m[3] or "").ljust(2, "0"))
    if fen > MAX_FEN:
        raise BadRow(f"amount too large: {text!r}")
    return -fen if m[1] == "-" else fen


def read_rows(path, required, optional=()):
    """A CSV export's rows as lists of the named columns' cells (trimmed; '' when absent), with line numbers."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in required if name not in header]
        if missing:
            sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
        wanted = [header.index(name) if name in header else None for name in (*required, *optional)]
        for row in reader:
            cells = [row[i].strip() if i is not None and i < len(row) else "" for i in wanted]
            if any(cells):
                yield reader.line_num, cells


class Customer:
    """One customer's orders up to as-of, as columns sorted by day, plus visits and complaints."""

    __slots__ = ("id", "days", "nets", "purchases", "skus", "sku_count", "pruned_first", "last_visit",
                 "complaints")

    def __init__(self, customer_id):
        self.id = customer_id
        self.days, self.nets, self.purchases, self.skus = [], [], [], []
        self.sku_count = 0
        self.pruned_first = None
        self.last_visit = None
        self.complaints = []

    def totals(self, lo, hi):
        """Net sales and purchases on days lo..hi inclusive."""
        i, j = bisect_left(self.days, lo), bisect_right(self.days, hi)
        return sum(self.nets[i:j]), sum(self.purchases[i:j])

    def skus_between(self, lo, hi):
        i, j = bisect_left(self.days, lo), bisect_right(self.days, hi)
        return {sku for k in range(i, j) if self.purchases[k] for sku in self.skus[k]}


def read_orders(path, as_of):
    """Orders on or before as-of, folded per (order id, day), by customer; every row is validated."""
    required = ["order_id", "customer_id", "order_date", "amount"]
    owners, orders, customers, errors = {}, {}, {}, []
    for line, row in read_rows(path, required, ["sku", "quantity", "status"]):
        order_id, customer_id, order_date, amount, sku, quantity, status = row
        try:
            if not order_id or not customer_id:
                raise BadRow("order_id and customer_id are required")
            day = parse_day(order_date)
            fen = parse_fen(amount)
            status = status.lower() or "placed"
            if status not in STATUSES:
                raise BadRow(f"status must be placed, cancelled or returned: {status!r}")
            if quantity and not QUANTITY_RE.fullmatch(quantity):
                raise BadRow(f"not a quantity: {quantity!r}")
            if quantity.startswith("-") and fen > 0:
                raise BadRow("a negative quantity (goods coming back) needs a negative or zero amount")
            owner = owners.setdefault(order_id, (customer_id, line))
            if owner[0] != customer_id:
                raise BadRow(f"order {order_id} belongs to {owner[0]} (line {owner[1]}), not {customer_id}")
        except BadRow as problem:
            errors.append(f"{path} line {line}: {problem}")
            continue
        if day > as_of:
            continue
        if customer_id not in customers:
            customers[customer_id] = Customer(customer_id)
        if status == "cancelled":
            continue
        # [customer, placed, returned, has a placed line, SKUs of the placed lines]
        order = orders.setdefault((order_id, day), [customer_id, 0, 0, False, set()])
        if fen < 0:
            order[2] -= fen
        elif status == "placed":
            order[1] += fen
            order[3] = True
            if sku:
                order[4].add(sku)
    if errors:
        more = f"\n... and {len(errors) - MAX_ERRORS_SHOWN} more" if len(errors) > MAX_ERRORS_SHOWN else ""
        sys.exit("\n".join(errors[:MAX_ERRORS_SHOWN]) + more)
    facts = {}
    for (order_id, day), (customer_id, placed, returned, has_placed, skus) in orders.items():
        # A free order (all lines at 0) is still the shop ordering; an order returned in full is not.
        purchase = has_placed and (placed > returned or placed == returned == 0)
        facts.setdefault(customer_id, []).append((day, placed - returned, int(purchase), sorted(skus)))
    for customer_id, customer_facts in facts.items():
        keep_history(customers[customer_id], customer_facts)
    return customers


def keep_history(customer, facts):
    """The facts kept: RETENTION_DAYS up to the latest purchase; the first purchase day outlives pruning."""
    facts.sort()
    purchase_days = [day for day, _, purchase, _ in facts if purchase]
    horizon = max(purchase_days) - RETENTION_DAYS + 1 if purchase_days else -math.inf
    pruned = [day for day in purchase_days if day < horizon]
    customer.pruned_first = min(pruned) if pruned else None
    kept = [fact for fact in facts if fact[0] >= horizon]
    customer.days = [fact[0] for fact in kept]
    customer.nets = [fact[1] for fact in kept]
    customer.purchases = [fact[2] for fact in kept]
    customer.skus = [fact[3] for fact in kept]
    customer.sku_count = len({sku for fact in kept for sku in fact[3]})


def read_events(path, date_column, as_of, customers, since=-math.inf):
    """Days after `since`, on or before as-of, by customer (a customer without orders is added)."""
    found = {}
    for line, (customer_id, day_text) in read_rows(path, ["customer_id", date_column]):
        try:
            if not customer_id:
                raise BadRow("customer_id is required")
            day = parse_day(day_text)
        except BadRow as problem:
            sys.exit(f"{path} line {line}: {problem}")
        if since < day <= as_of:
            if customer_id not in customers:
                customers[customer_id] = Customer(customer_id)
            found.setdefault(customer_id, []).append(day)
    return found


def learn_cycle(purchase_days):
    """Typical days between order days: the median of the recent gaps, pulled to 30 days when few."""
    def clamp_days(days):
        return js_round(min(CYCLE["max_days"], max(1, days)) * 10) / 10

    recent = purchase_days[-(CYCLE["recent_gaps"] + 1):]
    gaps = sorted(b - a for a, b in zip(recent, recent[1:]))
    if not gaps:
        return clamp_days(CYCLE["fallback_days"])
    mid = len(gaps) // 2
    own = gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) / 2
    if len(gaps) >= CYCLE["min_gaps"]:
        return clamp_days(own)
    weight = len(gaps) / CYCLE["min_gaps"]
    return clamp_days(weight * own + (1 - weight) * CYCLE["fallback_days"])


def tiers_of(trailing):
    """vip / important / general by rank of trailing sales (ties by id); no sales: dormant."""
    def share(count, fraction):
        return min(count, max(1, js_round(count * fraction))) if count > 0 else 0

    ranked = sorted((c for c, sales in trailing.items() if sales > 0), key=lambda c: (-trailing[c], c))
    tiers, start = dict.fromkeys(trailing, "dormant"), 0
    for tier, fraction in zip(("vip", "important", "general"), TIER_SHARES):
        count = share(len(ranked) - start, fraction)
        for customer_id in ranked[start:start + count]:
            tiers[customer_id] = tier
        start += count
    return tiers


def window_days(cycle, min_cycles):
    """30 days, widened to cover `min_cycles` of the customer's own cycles, at most half a year."""
    return min(183, max(30, math.ceil(cycle * min_cycles)))


def windows(as_of, length):
    """The current window (ending on as-of) and the one before it, each inclusive."""
    return (as_of - length + 1, as_of), (as_of - 2 * length + 1, as_of - length)


def month_start(month):
    return date(month // 12, month % 12 + 1, 1).toordinal()


def findings_of(c, as_of, tier, cycle, last_day, first_day, visits_tracked):
    """Each rule that fires, with its severity in [0, 1], in the rules' order."""
    found = {}
    since = None if last_day is None else as_of - last_day
    if since is not None:
        if since >= 30:
            found["inactive"] = clamp01(since / (2 * 30))
        churned = since > 2 * cycle and since >= 14
        if churned:
            found["churned"] = clamp01(0.7 + 0.3 * ((since / cycle - 2) / 2))
        if since >= 1.5 * cycle and since >= 7 and not churned:
            found["cycle_overdue"] = clamp01(0.3 + 0.4 * ((since / cycle - 1.5) / max(0.1, 2 - 1.5)))

    current, previous = windows(as_of, window_days(cycle, 2))
    before = c.totals(*previous)[0]
    if before >= 1:
        now = c.totals(*current)[0]
        if now * 100 <= before * 50:
            found["sales_drop"] = clamp01((before - now) / before)

    current, previous = windows(as_of, window_days(cycle, 3))
    before = c.totals(*previous)[1]
    if before >= 3:
        now = c.totals(*current)[1]
        if now * 100 <= before * 50:
            found["order_count_drop"] = clamp01((before - now) / before)

    # Two complete months in a row each at least 10% below the one before; quiet when the running month,
    # a week in, is on pace to beat the last complete one.
    this_month = (date.fromordinal(as_of).year * 12) + date.fromordinal(as_of).month - 1
    starts = [month_start(month) for month in range(this_month - 3, this_month + 2)]
    sales = [c.totals(starts[i], starts[i + 1] - 1)[0] for i in range(3)]
    if sales[0] > 0 and all(sales[i - 1] > 0 and sales[i] * 100 <= sales[i - 1] * 90 for i in (1, 2)):
        elapsed, length = as_of - starts[3] + 1, starts[4] - starts[3]
        so_far = c.totals(starts[3], as_of)[0]
        if not (elapsed >= 7 and so_far > 0 and so_far * length >= sales[2] * elapsed):
            found["sustained_decline"] = clamp01((sales[0] - sales[2]) / sales[0])

    current, previous = windows(as_of, window_days(cycle, 4))
    if c.sku_count >= 5:
        before = c.skus_between(*previous)
        now = c.skus_between(*current)
        if len(before) >= 5 and len(now) <= (len(before) * 50) // 100:
            found["sku_breadth_drop"] = clamp01((len(before) - len(now)) / len(before))

    cadence = VISIT_CADENCE[tier]
    since_visit = c.last_visit if c.last_visit is not None else first_day
    if visits_tracked and cadence is not None and since_visit is not None and as_of - since_visit > cadence:
        found["visit_overdue"] = clamp01((as_of - since_visit - cadence) / cadence)

    complaints = sum(1 for day in c.complaints if as_of - 30 < day <= as_of)
    if complaints >= 2:
        found["complaints_rising"] = clamp01(complaints / (2 * 2))
    return found


def risk_of(found, since, cycle):
    """1 − (1 − recency) × Π(1 − weight × severity): the strongest silence signal, the others independent."""
    if since is None:
        return 0
    cycles = since / cycle
    recency = 0 if cycles <= 1 else 1 - math.exp(-(cycles - 1) / 1.45)
    keep = 1
    for rule, severity in found.items():
        weighted = SIGNAL_WEIGHTS[rule] * severity
        if rule in RECENCY_RULES:
            recency = max(recency, weighted)
        else:
            keep *= 1 - weighted
    return js_round((1 - (1 - recency) * keep) * 1000) / 1000


def evaluate(customers, as_of, visits_tracked):
    basics, trailing = {}, {}
    for c in customers.values():
        purchase_days = sorted({day for day, purchase in zip(c.days, c.purchases) if purchase})
        first = c.pruned_first if c.pruned_first is not None else (purchase_days or [None])[0]
        last = purchase_days[-1] if purchase_days else None
        basics[c.id] = (learn_cycle(purchase_days), last, first)
        trailing[c.id] = c.totals(as_of - TRAILING_DAYS + 1, as_of)[0]
    tiers = tiers_of(trailing)
    results = []
    for c in customers.values():
        cycle, last, first = basics[c.id]
        found = findings_of(c, as_of, tiers[c.id], cycle, last, first, visits_tracked)
        since = None if last is None else as_of - last
        if since is None:
            status = "no_orders"
        elif since > LOST_AFTER_DAYS:
            status = "lost"
        elif any(rule != "visit_overdue" for rule in found):
            status = "at_risk"
        else:
            status = "active"
        risk = risk_of(found, since, cycle)
        results.append({
            "customerId": c.id, "tier": tiers[c.id], "status": status, "atRisk": status == "at_risk",
            "risk": risk, "moneyAtRisk": js_round(risk * max(0, trailing[c.id])),
            "trailingSales": trailing[c.id], "cycleDays": cycle, "daysSinceLastOrder": since,
            "rules": list(found),
        })
    results.sort(key=lambda r: (-r["moneyAtRisk"], -r["risk"], r["customerId"]))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", required=True)
    parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    parser.add_argument("--visits")
    parser.add_argument("--complaints")
    parser.add_argument("--all", action="store_true", help="every customer, not only those at risk")
    args = parser.parse_args()
    try:
        as_of = parse_day(args.as_of)
    except BadRow as problem:
        sys.exit(f"--as-of: {problem}")
    customers = read_orders(args.orders, as_of)
    if args.visits:
        for customer_id, days in read_events(args.visits, "visit_date", as_of, customers).items():
            customers[customer_id].last_visit = max(days)
    if args.complaints:
        # Kept as long as orders are, as profiles keep them.
        old = as_of - RETENTION_DAYS
        for customer_id, days in read_events(args.complaints, "complaint_date", as_of, customers, old).items():
            customers[customer_id].complaints = days
    results = evaluate(customers, as_of, visits_tracked=args.visits is not None)
    shown = results if args.all else [r for r in results if r["atRisk"]]
    sys.stdout.write(json.dumps({"asOf": args.as_of, "customers": shown}, ensure_ascii=False, indent=1) + "\n")
    at_risk = sum(r["atRisk"] for r in results)
    print(f"{len(results)} customers, {at_risk} at risk (rules only)", file=sys.stderr)


if __name__ == "__main__":
    main()
