#!/usr/bin/env python3
"""Deterministic lead records for the `sluice diff` acceptance test, and the
independent count of what a policy change does to them.

  gen_leads.py generate N SEED        NDJSON records for examples/lead-to-revenue to stdout
  gen_leads.py count OLD.out NEW.out  compare two `sluice eval` outputs (NDJSON, same input)
                                      and print: records, changed, leaving_mql, entering_mql
"""
import json
import sys

INDUSTRIES = ["Software", "Fintech", "Healthcare IT", "Retail", "Manufacturing"]


class Lcg:
    """A tiny linear congruential generator: the same records on every machine."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def below(self, n):
        self.state = (1103515245 * self.state + 12345) & 0x7FFFFFFF
        return self.state % n


def generate(n, seed):
    rng = Lcg(seed)
    for i in range(n):
        rec = {"id": "G-%05d" % (i + 1), "buying_group": [], "pain_points": []}
        if rng.below(10) < 9:
            rec["email"] = "lead%d@example.com" % i
        rec["program_successes"] = rng.below(3)
        rec["Lead_Score__c"] = rng.below(200)
        rec["company"] = {"employees": 10 + rng.below(1000), "industry": INDUSTRIES[rng.below(len(INDUSTRIES))]}
        for m in range(rng.below(3) if rng.below(4) == 0 else 0):
            rec["buying_group"].append({"name": "m%d" % m, "role": "user", "lead_score": rng.below(150)})
        rec["meeting_scheduled"] = rng.below(8) == 0
        if rng.below(20) == 0:
            rec["deal_status"] = "won"
            rec["amount"] = 1000 + rng.below(50000)
            rec["close_date"] = "2026-01-10"
        if rng.below(500) == 0:
            rec["Lead_Score__c"] = "high"  # a data error on both sides
        print(json.dumps(rec, separators=(",", ":")))


def count(old_path, new_path):
    records = changed = leaving = entering = 0
    with open(old_path) as old, open(new_path) as new:
        for a_line, b_line in zip(old, new):
            a, b = json.loads(a_line), json.loads(b_line)
            sa = "(error)" if "error" in a else (a.get("stage") or "(unstaged)")
            sb = "(error)" if "error" in b else (b.get("stage") or "(unstaged)")
            records += 1
            changed += sa != sb
            leaving += sa == "MQL" and sb != "MQL"
            entering += sa != "MQL" and sb == "MQL"
    print("records=%d changed=%d leaving_mql=%d entering_mql=%d" % (records, changed, leaving, entering))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "count":
        count(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
