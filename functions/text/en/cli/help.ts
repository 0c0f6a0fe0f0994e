import type { HelpText } from '../../zh-CN/cli/help.ts';

export const help: HelpText = {
  main: `churn-watch: churn early warning for FMCG distributors

Usage: churn-watch <command> [options]

Commands:
  evaluate          evaluate exported order data and list the customers at risk (no AWS needed)
  local             run the whole product on this machine (npm start)
  init              create missing tables on a local or compatible DynamoDB
  import            load a CSV: orders|customers|reps|visits|coupons|complaints
  rebuild-profiles  recompute every customer profile from the stored orders
  run daily|weekly|retry
                    evaluate and send the reps' digests / the managers' weekly summaries / what failed
                    before (never twice)
  deliveries        see what was sent; resend failed messages
  digest            preview a rep's morning digest (nothing is sent)
  snooze            pause the reminders about a customer until a day
  config            see, change, preview and roll back the thresholds (get|set|preview|history|rollback)
  backtest          evaluate as of a past day and measure each rule and the risk score (precision, recall, AUC)
  bgnbd fit         fit the BG/NBD repeat-buying model (--summary FILE [--format json])
  risk fit|show     fit / show the risk model learned from this distributor's history (riskModel)
  effect            does following up work: recovery of warned customers followed up or not (same tier
                    and risk), and churn before and after the switch-on
  answers           list the reps' answers to warnings (--format csv feeds backtest --answers)

Global options:
  --lang zh-CN|en   language (default Chinese; or set CHURN_WATCH_LANG)
  -h, --help        help; every command has its own, e.g. churn-watch evaluate --help
  --version         version`,
  evaluate: `Usage: churn-watch evaluate --orders FILE --as-of YYYY-MM-DD [options]

Evaluates exported order data (no AWS, no server) and lists the customers at risk, largest expected loss
first. Each customer's risk is the probability that it places no order in the next 90 days: learned on the
export's own history when it holds enough, else BG/NBD's probability (stderr says which, why, and the at-risk
line). At risk = risk at or above the line; the churn rules' findings are the reasons.

Input files (CSV in UTF-8 with or without BOM, or GBK; English or Chinese headers):
  --orders FILE       orders or order lines (required): order_id, customer_id, order_date, amount,
                      optional sku, product_name, customer_name, quantity, rep_id, status
                      (placed/cancelled/returned); customer_name is used where --customers has no
                      name, and dropped SKUs are shown by product name
  --customers FILE    customers: customer_id, name, rep_id
  --visits FILE       visits: customer_id, visit_date
  --complaints FILE   complaints: customer_id, complaint_date
  --coupons FILE      coupons: customer_id, issued_at
  --config FILE       thresholds (JSON, only the keys you change, e.g. {"rules":{"inactive":{"days":21,"flag":true}}}
                      makes a rule list a customer whenever it fires; {"riskModel":{"enabled":false}} the rules' old score)

Options:
  --as-of DATE        the day to evaluate as of (required, YYYY-MM-DD); later records are not used
  --format FORMAT     table (default), json or csv
  --all               list every customer (default: only those at risk)
  --lang LANG         zh-CN (default) or en
  --skip-invalid      skip invalid rows and report how many (default: stop with the errors)
  --bom               write a BOM before CSV output so Excel shows Chinese correctly
  -h, --help          show this help

Money in JSON is in integer minor units (fen); in CSV, in currency units with two decimals.

Examples:
  npx churn-watch evaluate --orders orders.csv --as-of 2026-11-20
  npx churn-watch evaluate --orders orders.csv --customers customers.csv \\
      --as-of 2026-11-20 --format json --all`,
  local: `Usage: churn-watch local [--once] [--as-of YYYY-MM-DD]

Runs the whole product on this machine (npm start): a local DynamoDB (dynalite, data kept in .local/), an email
service (aws-ses-v2-local, with an inbox page) and a WeCom robot receiver page; creates the tables; imports a
demo distributor on first run; serves the ingest API and prints every address and the API key; then runs the
daily cycle at once (evaluate, send the reps' digests), and again every day at the configured time (default
07:30 Asia/Shanghai), with the managers' weekly summary on the configured day (default Monday 08:00). Read them
in the email inbox page and the WeCom robot page. A changed schedule in the config applies without a restart.
Services already given by AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SESV2 are not started.

  --once            run the daily cycle and the weekly summary once, then exit
  --as-of DATE      the day to treat as today (default: today in Asia/Shanghai); the demo data ends on it; not after today

Environment: CHURN_WATCH_DATA_DIR (default .local), CHURN_WATCH_API_PORT (8780), CHURN_WATCH_DYNAMODB_PORT (8000),
CHURN_WATCH_SES_PORT (8005), CHURN_WATCH_WECOM_PORT (8790), CHURN_WATCH_ADMIN_PORT (admin page, 8785),
CHURN_WATCH_PUBLIC_URL (where the digests' one-tap answer links point; default the ingest API on this machine; set
it to a tunnel to that port that a phone can reach, to tap them on a phone).`,
  init: `Usage: churn-watch init

Creates the missing tables on a local or compatible DynamoDB (dynalite, DynamoDB Local, LocalStack); existing
tables are left alone, so it can run any number of times. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB and
the table prefix from CHURN_WATCH_TABLE_PREFIX (default churn-watch-). On AWS, the deployment creates the tables.`,
  import: `Usage: churn-watch import <orders|customers|reps|visits|coupons|complaints> FILE

Loads an exported CSV (UTF-8 or GBK, English or Chinese headers) through the same path as the ingest API and
keeps customer profiles up to date. Importing the same file again changes nothing (natural keys such as the
order id). Invalid rows are skipped and reported one by one (file:line:column); every valid row is imported.
The rep column of orders and customers may hold a rep's id or name: it is matched against the reps table, id
first, then name, and a name is stored as the id; rows naming a rep the table does not know (or a name two
reps share) are not imported and are listed, so import reps first. With an empty reps table the column is
stored as written, with a notice. Customer and product names in orders are kept: master data's customer name
wins, and digests show product names instead of SKU codes. The database endpoint comes from AWS_ENDPOINT_URL_DYNAMODB (unset = AWS). For a deployment on AWS, set
CHURN_WATCH_WECOM_SECRET to its robots' secret (Secrets Manager): reps' WeCom robot addresses are then kept only
there, never in the database.`,
  rebuildProfiles: `Usage: churn-watch rebuild-profiles

Recomputes every customer's profile from all stored orders, visits, coupons and complaints. Use it after manual
edits to the data or an upgrade that changes what profiles hold; everyday ingest keeps profiles up to date.`,
  run: `Usage: churn-watch run daily|weekly|retry [--as-of YYYY-MM-DD]

  daily    evaluates every customer, moves each customer's alert on (new / still at risk / escalated /
           recovered), sends every rep their morning digest (email or WeCom), and tells managers about
           important customers left without a visit.
  weekly   sends every manager the team's weekly summary (at-risk customers by tier and signal, new and
           recovered, churn rate per tier, active customers and average order value, each rep's numbers,
           the largest money at risk).
  retry    sends only what earlier runs could not send yet (no new messages); every 15 minutes on AWS.

Running a day again sends nothing twice: every message is written to the outbox (deliveries) before it is
sent, and one already sent is never sent again; temporary failures are retried by later runs with backoff.
See what was sent with churn-watch deliveries.

  --as-of DATE   the day to treat as today (default: today in the configured time zone)
  --force        allow a day earlier than the last one evaluated (to look at a past day, use digest --preview)

Exit code: 0 = done; 3 = done, but some messages failed or their fate is unknown (see churn-watch deliveries).

Database and email endpoints come from the standard AWS SDK environment (AWS_ENDPOINT_URL_DYNAMODB,
AWS_ENDPOINT_URL_SESV2); the sender address from CHURN_WATCH_EMAIL_FROM (unset and no local SES: no email,
WeCom only).`,
  deliveries: `Usage: churn-watch deliveries [--day YYYY-MM-DD] [--status STATUS] [--format table|json]
       churn-watch deliveries resend ID…

Lists the outbox: every digest, weekly summary and manager notice is written down before it is sent (ids like
digest#R01#2026-11-20). Statuses: pending, sending, sent, retrying (a temporary failure; retried later
automatically), failed (given up: refused, no address, or too many attempts), uncertain (the sender stopped
mid-send; it may or may not have arrived, so it is not resent automatically).

  --day DATE        one day only
  --status STATUS   one status (or several, comma-separated, e.g. failed,uncertain)
  --format json     JSON (without the message bodies)
  resend ID…        send a failed or uncertain record once more (use it after checking it did not arrive)`,
  digest: `Usage: churn-watch digest --rep REP_ID [--as-of YYYY-MM-DD] --preview [--out FILE] [--channel email|wecom]

Previews a rep's morning digest for a day without sending anything or changing any data: the customers are
evaluated on that day's data and the digest is worked out. The email version is written as an HTML file
(by default digest-REP-DATE.html in a temporary folder, whose path it prints; open it in a browser); the WeCom version is printed as markdown.

  --rep ID          the rep
  --as-of DATE      the digest's day (default: today)
  --preview         preview only (the only mode for now)
  --out FILE        where to write the HTML
  --channel wecom   print the WeCom messages (split at 4096 bytes) instead of writing HTML`,
  snooze: `Usage: churn-watch snooze CUSTOMER_ID --until YYYY-MM-DD
       churn-watch snooze CUSTOMER_ID --clear

Pauses the repeated reminders about a customer until a day (a shop closed for renovation, a rep already on it).
A new signal or a higher tier still gets through at once. --clear removes the snooze.`,
  config: `Usage: churn-watch config get [KEY…] [--format table|json]
       churn-watch config set KEY=VALUE… --reason TEXT [--by NAME]
       churn-watch config preview KEY=VALUE… [--as-of YYYY-MM-DD] [--format table|json]
       churn-watch config history [--format table|json]
       churn-watch config rollback [VERSION] --reason TEXT [--by NAME]

Shows and changes the thresholds (客户分类指标定义), the tier cut-offs, the time zone, the digest and weekly
summary times and the other settings.

  get        lists every setting with its value and what it means ("Inactive: no order for 30 days in a
             row"), marks those that differ from the default (*), and shows the current version and who
             changed it when. --format json prints the whole settings
             document; a setting's KEY is its dotted path in it, e.g. rules.inactive.days (days without an
             order before a customer is flagged), rules.inactive.tiers.vip.days (the same for VIP customers
             only), schedule.dailyTime (when the digests go out). Name keys to see only those.
             Who is listed follows the risk (the probability of no order in the next 90 days) and its line;
             the rules are the reasons. rules.<rule>.flag=true (or per tier, rules.<rule>.tiers.vip.flag=true)
             lists a customer whenever that rule fires. riskModel.horizonDays is the risk's horizon;
             riskModel.enabled=false brings back the rules' old score.
  set        changes one or more settings and saves them as a new version; --reason is required. A value
             out of range is refused with what is allowed, and nothing is changed. Values may be numbers,
             true/false, text (a time as 06:30) or lists such as vip,important or ["vip","important"]; null removes your
             change so the default applies again (also how a tier's own value is removed).
  preview    see the effect before saving: every customer is evaluated on today's data with the current
             settings and with the new ones, and the customers flagged per signal and per tier are
             compared. Nothing is saved.
  history    every version with who, when, why and what changed, newest first.
  rollback   brings back the settings of an earlier version (default: the one before the current one; 0 =
             all defaults). The rollback is saved as a new version; the history is never rewritten.

  --reason TEXT     why (kept in the history)
  --by NAME         who (default: CHURN_WATCH_ADMIN, else the system user name)
  --as-of DATE      the day preview evaluates (default: today in the configured time zone)

When two admins change the config at once, the later save is refused (look at the new config and try
again); nobody's change is silently overwritten. The daily run uses new settings from its next run. Locally
(npm start) the schedule follows a new time by itself; on AWS set CHURN_WATCH_SCHEDULE_PREFIX (e.g.
churn-watch-prod-) and a save also updates the EventBridge Scheduler schedules.

Examples:
  churn-watch config set rules.inactive.days=21 --reason "warn earlier"
  churn-watch config preview rules.sales_drop.dropPct=40
  churn-watch config set rules.inactive.tiers.vip.days=21 \\
      rules.inactive.tiers.vip.flag=true --reason "VIPs silent 21 days"
  churn-watch config set escalation.tiers=vip schedule.dailyTime=06:30 \\
      --reason "only VIPs go up"`,
  backtest: `Usage: churn-watch backtest --orders FILE --as-of YYYY-MM-DD --horizon DAYS [options]

Effect evaluation: pretends "today" is a past day, computes every customer's risk and the rules the way the
product did on that day, with the data up to it only, then looks at who really stopped ordering over the
following days, and compares the ways of telling. Run it before changing thresholds to compare old and new.

Churned means: no order in the horizon (--horizon days after the as-of day). Cancelled orders and orders
returned in full do not count as ordering. The customers scored: those who ordered on or before the as-of day,
are not lost, and had been silent for fewer days than the horizon (a customer already silent that long is
churned by definition, so flagging them predicts nothing; --include-silent scores them too).

Input files (as for evaluate: CSV in UTF-8 with or without BOM, or GBK; English or Chinese headers):
  --orders FILE       orders or order lines (required); must cover the whole horizon after the as-of day
  --customers FILE    customers: customer_id, name, rep_id
  --visits FILE       visits (for the visit_overdue rule)
  --complaints FILE   complaints (for the complaints_rising rule)
  --coupons FILE      coupons issued
  --config FILE       the thresholds to test (JSON, only the keys you change); default thresholds without it
  --answers FILE      the reps' answers to warnings (as churn-watch answers --format csv writes them)

Options:
  --as-of DATE        the day to evaluate as of (required, YYYY-MM-DD); not before the first order
  --horizon DAYS      the horizon in days (required, a whole number ≥ 1, e.g. 90); the as-of day plus the
                      horizon must not be after the last order in the file
  --format FORMAT     table (default) or json (the same content as numbers, for scripts)
  --include-silent    also score customers already silent for the whole horizon at the as-of day
  --lang LANG         zh-CN (default) or en
  --skip-invalid      skip invalid rows and report how many (default: stop with the errors)
  -h, --help          show this help

The output has three parts:

1. The risk against the alternatives, on the same customers with the same churn definition:
  Default risk        the risk reps see each day: the probability of no order within the horizon. Learned on
                      this distributor's history when there is enough of it (the line above the table says on
                      which days and how many rows), else BG/NBD's own probability, and why; a customer is at
                      risk when the risk reaches the at-risk line (the best F1 on the training days, or 50%)
  Learned risk        the model learned on the history; when there is too little, the row says it is not
                      available and a note below says why
  BG/NBD              the probability of no order from a repeat-buying model that needs no learning, flagged
                      at 50%
  Days silent alone   customers ranked by days since their last order only
  Orders in the last 12 months alone   ranked by orders in the last 12 months only (fewer is riskier)
  Seed rule           the fixed "no order for 30 days" rule (inactive at 30 days), the baseline
  The two "alone" rows have no line of their own: each is cut where it flags about as many customers as the
  default risk, so that precision and recall compare.
  Columns: AUC = the chance that a random churned customer scores higher than a random one who stayed (0.5 =
  no better than chance, 1 = perfect ranking; the seed rule has no score, so no AUC); precision = share of the
  flagged who churned; recall = share of the churned who were flagged; F1 = their harmonic mean; flagged =
  share of the customers scored; lead days = days from the as-of day to the churn mark (last order + horizon),
  median over the hits; Brier = mean squared gap between probability and outcome, ECE = mean gap between
  predicted probability and observed churn share: for probabilities only, lower is better.

2. Reliability of the default risk: the customers in ten groups by default risk, each with its customers,
  mean predicted risk and observed lost share. A trustworthy risk has the two close (about 30% of a group
  told 30% really stop); more churn further down means the ranking works.

3. The rules: how many customers each rule flagged at the thresholds tested and how many churned (precision,
  recall, F1, lead days median and quartiles), with the rules' at-risk flag and the AUC of the rules' score.

With --answers, the reps' answers are used by whether the as-of day knew them, so no future leaks in:
  a shop answered "shop closed" on or before the as-of day was off the lists that day: it is not scored (like
  the lost) and is a lapsed example for the risk model fitted that day (as the product does every day);
  a shop answered "shop closed" within the horizon counts as churned even if it ordered after (a clearance):
  an outcome only, never an input to the evaluation or the model;
  each rule also shows "False alarms (reps: not a real risk): k / n": of the n customers it flagged on the
  as-of day, k were marked "not a real risk" by a rep within the horizon. The reps' precision, beside the
  one the orders give.

Examples:
  npx churn-watch backtest --orders orders.csv --as-of 2026-08-22 --horizon 90
  npx churn-watch backtest --orders orders.csv --as-of 2026-08-22 --horizon 90 \\
      --config new.json --format json
  npx churn-watch backtest --orders orders.csv --as-of 2026-08-22 --horizon 90 \\
      --answers answers.csv`,
  bgnbd: `Usage: churn-watch bgnbd fit --summary FILE [--format json]

Fits the BG/NBD repeat-buying model (Fader, Hardie & Lee 2005) by maximum likelihood and prints r, alpha, a, b
and the log-likelihood. The summary is a CSV with header ID,frequency,recency,T (cust, x, t_x also accepted):
frequency = repeat purchases, recency = time of the last repeat purchase since the first one, T = time since the
first purchase, all in one unit (weeks, say).
--format json prints one line: {"r":…,"alpha":…,"a":…,"b":…,"logLikelihood":…}.`,
  risk: `Usage: churn-watch risk fit|show [--as-of YYYY-MM-DD] [--force] [--format text|json]

The churn risk model: each customer's risk is the probability that it places no order in the next 90 days
(riskModel.horizonDays), calibrated on this distributor's own history. With enough history (150 days, 200
customers to learn from, 20 or more who stopped) it is learned on that history; otherwise it is BG/NBD's
probability fitted on the customers, and the output says why. Customers at or above the at-risk line (chosen for
F1 on the history) go on the reps' lists; the rules' findings are the reasons reps read. An admin can make a rule
list a customer whenever it fires: config set rules.<rule>.flag=true.
On by default, nothing to set up; refitted with each weekly run, and fitted by the day's run when none exists yet.

  fit    fits the model on the stored profiles now and stores it (e.g. after changing riskModel.horizonDays)
  show   shows the newest model: learned or BG/NBD and why, when and on what it was fitted, how well, its at-risk
         line and heaviest features, and whether tomorrow's run will use it

  --as-of DATE   the day to treat as today (default: today in the configured time zone; fit refuses a future
                 day, and a past one unless --force)
  --force        fit as of a past day (re-runs of the days after it will use that model)
  --format json  show prints the model itself (JSON)

churn-watch backtest compares this risk, on a past day, with days silent alone, orders alone and the 30-day rule.`,
  effect: `Usage: churn-watch effect --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json] [--lang zh-CN|en]

Does following up work? For the warnings given in the period, compares how many warned customers recovered
when the rep followed up and when nobody did.

  recovered      ordered again within weekly.recoveryDays (default 30) of the warning and no longer at risk
  followed up    the rep tapped "called", "visited" or "coupon sent" (or a visit was recorded) within
                 followUp.withinDays (default 2) of the warning and before the customer recovered
  pending        warned less than 30 days ago: the outcome is not known yet, so it is not a failure and is
                 not compared
  left out       warnings the rep marked "not a real risk" (counted on their own); "shop closed" counts as
                 not recovered

How the comparison is made fair: reps tend to follow up the riskiest customers first, and those are harder to
win back anyway. So followed-up and not-followed-up warnings are compared only within the same customer tier
and risk band (0–25%, 25–50%, 50–75%, 75–100%), and the groups are combined by Mantel–Haenszel, with a 95%
interval. With fewer than 10 warnings a side, or when most warnings have nobody comparable in their group, it
says "too few to say". It is still not an experiment: what a rep knows and the risk does not (skipping a shop
they know is fine) cannot be ruled out.

Also shown: per rule, how many of its warnings the reps marked "not a real risk"; and the churn rate per tier
over one weekly.churnPeriodDays period before the product was switched on (the first daily run) and over the
latest one. Before-and-after is not an experiment either: seasons, the market and the customer mix change too.

Options:
  --from DATE        first day (inclusive), by warning day
  --to DATE          last day (inclusive)
  --format FORMAT    text (default) or json (the same content as numbers)
  --lang LANG        zh-CN (default) or en
  -h, --help         show this help

Example:
  npx churn-watch effect --from 2026-10-01 --to 2026-10-31`,
  answers: `Usage: churn-watch answers [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--rep REP] [--format table|csv|json] [--lang zh-CN|en]

Lists the reps' answers to warnings from their digests (called / visited / coupon sent / not a real risk / shop
closed), newest first: the day, the rep, the customer's id and name, the answer, the reason (for "not a real
risk") and the day the warning began.

Options:
  --from DATE        first day (inclusive), by the day answered; default: the first answer
  --to DATE          last day (inclusive); default: the latest answer
  --rep REP          only this rep's answers (id or name)
  --format FORMAT    table (default), csv (fixed English headers, the file backtest --answers reads) or json
  --lang LANG        zh-CN (default) or en
  -h, --help         show this help

The csv columns: customer_id,episode,action,reason,rep_id,answered_at,day
  episode = the day the warning began; action = called|visited|coupon|not_real|closed; reason = a built-in
  reason's id or the admin's own text; answered_at = the instant (UTC); day = the day answered (local zone).

Examples:
  npx churn-watch answers --from 2026-10-01 --to 2026-10-31
  npx churn-watch answers --format csv > answers.csv
  npx churn-watch backtest --orders orders.csv --as-of 2026-08-22 --horizon 90 \\
      --answers answers.csv`,
};
