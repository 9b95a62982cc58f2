// The policy the NDJSON and CSV targets read records for: every field type,
// defaults, `from` columns, nested and list-of-record fields, stamps, actions,
// SLAs, transitions, a qualification and built-ins of each family.
#pragma once
#include <string_view>

namespace sluice::fuzz {

inline constexpr std::string_view kEvalPolicy = R"funnel(
policy "fuzz-eval" version "1.0.0"

# Every field type, defaults, `from` columns, lists of records, optional nested
# records, stamps, actions, SLAs, transitions and the built-in families.
import "std/bant"

const industries = ["Software", "Fintech"]

record lead {
  id: text key
  email: text?
  lead_score: int from "Lead_Score__c"
  score_ratio: number?
  title: text?
  company: { employees: int?, industry: text?, website: text? }
  buying_group: list<{ name: text, lead_score: int }>
  tags: list<text>
  meeting_scheduled: bool = false
  budget_confirmed: bool = false
  amount: number?
  contact_role: enum("decision_maker", "economic_buyer", "influencer", "user", "unknown")?
  need_identified: bool = false
  timeline_days: int?
  created_at: date?
  last_activity_at: date?
  wait: duration?
  deal_status: enum("open", "won", "lost")?
  lifecycle_stage: text?
  note: text = "none"
}

funnel fuzz_funnel for lead {
  stage field lifecycle_stage
  qualify with BANT

  let fit = company.employees between 50 and 5000 and company.industry in industries

  stage Known { owner marketing  entry email is set and domain(email) != "" }
  stage MQL {
    owner sdr
    entry (lead_score >= 100 and fit) or any m in buying_group where m.lead_score > 100
      or (title matches "(?i)\\b(vp|chief)\\b" and "priority" in tags)
    exit meeting_scheduled
    sla 2d
  }
  stage SAL {
    owner sales
    entry meeting_scheduled and (score_ratio ?? 0.5) > 0.25 and (wait ?? 3d) < 30d
    sla 12h
  }
  stage Opportunity {
    owner sales
    entry passes BANT and days_since(created_at) < 365 and all t in tags where t != "spam"
  }
  stage Won terminal {
    entry deal_status == "won"
    on enter {
      emit renewal { account: id, close: add_months(created_at, timeline_days ?? 12), amount: amount }
      notify "customer_success" "deal won"
    }
  }
  stage Lost terminal { entry deal_status == "lost" }
  stage Recycled side {
    on enter { set note = "recycled" }
  }

  transition "quiet" MQL, SAL -> Recycled when days_since(last_activity_at) > 90
  transition "back" Recycled -> MQL when lead_score >= 150
}
)funnel";

}  // namespace sluice::fuzz
