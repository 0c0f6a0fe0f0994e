/**
 * What `churn-watch --help` and `churn-watch <command> --help` print, one entry per command (`main` is the
 * list of commands). Written for a distributor's admin: what the command does, its options, examples. Command
 * names, options and setting keys stay as typed (`--as-of`, `rules.inactive.days`).
 */
export const help = {
  main: `churn-watch：快消品经销商客户流失预警

用法：churn-watch <命令> [选项]

命令：
  evaluate          评估导出的订单数据，列出有流失风险的客户（不需要 AWS）
  local             在本机运行整个产品（npm start）
  init              在本地或兼容的 DynamoDB 上创建缺少的数据表
  import            导入 CSV：orders|customers|reps|visits|coupons|complaints
  rebuild-profiles  根据全部订单重新计算客户档案
  run daily|weekly|retry
                    评估并发送业务员晨报 / 发送经理周报 / 重发暂时失败的消息（同一天重复运行不会重复发送）
  deliveries        查看发送记录，重新发送失败的消息
  digest            预览某位业务员的晨报（不发送）
  snooze            暂停某位客户的重复提醒到某一天
  config            查看、修改、预览和回滚预警阈值等设置（get|set|preview|history|rollback）
  backtest          效果评估：以过去某天为评估日，检验各规则和风险分的准确程度（精确率、召回率、AUC）
  bgnbd fit         用 BG/NBD 模型拟合客户购买规律（--summary 文件 [--format json]）
  risk fit|show     训练 / 查看按本店历史学习的风险模型（riskModel）
  effect            跟进有没有用：跟进与未跟进的预警客户恢复率对比（同等级同风险），上线前后的流失率
  answers           列出业务员对预警的反馈（--format csv 可交给 backtest --answers）

全局选项：
  --lang zh-CN|en   界面语言（默认中文，也可设置环境变量 CHURN_WATCH_LANG）
  -h, --help        帮助；每个命令都有自己的帮助，例如 churn-watch evaluate --help
  --version         版本号`,
  evaluate: `用法：churn-watch evaluate --orders 文件 --as-of YYYY-MM-DD [选项]

评估导出的订单数据（不需要 AWS，也不需要服务器），列出有流失风险的客户，预期损失最高的排在前面。
每位客户的“流失风险”是它在接下来 90 天不再下单的概率：历史够用时用这份数据自己的历史学习，不够时用 BG/NBD
模型的概率（标准错误输出写明用了哪个、为什么、预警线多少）。风险达到预警线即为“有风险”；流失规则的发现是原因。

输入文件（CSV，UTF-8（可带 BOM）或 GBK，中文或英文表头）：
  --orders 文件       订单或订单明细（必填）：订单号、客户编号、下单日期、金额，
                      可选 商品编码、商品名称、客户名称、数量、业务员、状态（已下单/已取消/已退货）；
                      客户名称用于客户资料中没有名称的客户，停购的商品按商品名称显示
  --customers 文件    客户资料：客户编号、客户名称、业务员
  --visits 文件       拜访记录：客户编号、拜访日期
  --complaints 文件   投诉记录：客户编号、投诉日期
  --coupons 文件      优惠券发放：客户编号、发放日期
  --config 文件       阈值设置（JSON，只写需要修改的项，例如 {"rules":{"inactive":{"days":21,"flag":true}}}
                      让规则一触发就算有风险；{"riskModel":{"enabled":false}} 用规则的旧打分）

选项：
  --as-of 日期        以哪一天为“今天”评估（必填，YYYY-MM-DD）；之后的数据不参与评估
  --format 格式       table（默认，终端表格）、json 或 csv
  --all               列出全部客户（默认只列有风险的客户）
  --lang 语言         zh-CN（默认）或 en
  --skip-invalid      跳过无效行并报告跳过了多少行（默认遇到无效行即报错退出）
  --bom               CSV 输出带 BOM，方便 Excel 直接打开中文
  -h, --help          显示本帮助

示例：
  npx churn-watch evaluate --orders 订单.csv --as-of 2026-11-20
  npx churn-watch evaluate --orders 订单.csv --customers 客户.csv \\
      --as-of 2026-11-20 --format json --all

JSON 中的金额为整数“分”；CSV 中的金额为“元”（两位小数）。`,
  local: `用法：churn-watch local [--once] [--as-of YYYY-MM-DD]

在本机运行整个产品（npm start）：启动本地 DynamoDB（dynalite，数据保存在 .local/ 目录）、邮件服务
（aws-ses-v2-local，带收件箱网页）和企业微信机器人接收页，创建数据表；第一次运行时导入一家演示经销商的数据；
启动入库 API，并打印各个地址和 API 密钥；然后立即运行一次每日流程（评估客户、给业务员发送晨报），
之后每天在配置的时间（默认 07:30，Asia/Shanghai）运行，每周在配置的日子（默认周一 08:00）给经理发送周报。
晨报和周报可以在邮件收件箱网页和企业微信机器人消息页查看。修改配置中的时间后无需重启。
已通过 AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SESV2 指定的服务不会再启动。

  --once            运行一轮每日流程和周报后退出（不保持服务运行）
  --as-of 日期      以哪一天为“今天”（默认为 Asia/Shanghai 的今天）；第一次运行时演示数据截止到这一天；不能晚于今天

环境变量：CHURN_WATCH_DATA_DIR（数据目录，默认 .local）、CHURN_WATCH_API_PORT（默认 8780）、
CHURN_WATCH_DYNAMODB_PORT（8000）、CHURN_WATCH_SES_PORT（8005）、CHURN_WATCH_WECOM_PORT（8790）、CHURN_WATCH_ADMIN_PORT（设置页面，默认 8785）、
CHURN_WATCH_PUBLIC_URL（晨报里一键反馈链接的地址，默认为入库 API 的本机地址；要用手机点链接，请设为转发到该端口、手机能访问的隧道地址）。`,
  init: `用法：churn-watch init

在本地或兼容的 DynamoDB（dynalite、DynamoDB Local、LocalStack）上创建缺少的数据表，已有的表保持不变，
可以重复运行。地址取自 AWS_ENDPOINT_URL_DYNAMODB；表名前缀取自 CHURN_WATCH_TABLE_PREFIX（默认 churn-watch-）。
在 AWS 上，数据表由部署（npx cdk deploy）创建。`,
  import: `用法：churn-watch import <orders|customers|reps|visits|coupons|complaints> 文件

把导出的 CSV（UTF-8 或 GBK，中文或英文表头）经由与入库 API 相同的流程导入数据库，并更新客户档案。
重复导入同一个文件不会改变任何数据（按订单号等自然键去重）。无效的行会被跳过并逐行报告（文件:行:列），
其余有效数据照常导入。订单和客户资料的业务员列可以填业务员编号或姓名：先按编号、再按姓名与业务员表核对，
姓名会换成编号；业务员表中没有的（或两位业务员同名的）行不导入并逐行说明，请先导入业务员（reps）。
业务员表为空时业务员列按原样保存并给出提示。订单中的客户名称、商品名称会保留：客户资料中有名称时以客户资料为准，
摘要中以商品名称代替商品编码。数据库地址取自 AWS_ENDPOINT_URL_DYNAMODB（未设置则为 AWS）。
导入 AWS 上的部署时，请把 CHURN_WATCH_WECOM_SECRET 设为该部署的机器人地址密钥（Secrets Manager），
业务员的企业微信机器人地址就只保存在那里，不写入数据库。`,
  rebuildProfiles: `用法：churn-watch rebuild-profiles

根据数据库中的全部订单、拜访、优惠券和投诉记录重新计算每位客户的档案。在数据被手工修改、或升级后档案格式变化时使用；
日常入库会自动更新档案，无需运行。`,
  run: `用法：churn-watch run daily|weekly|retry [--as-of YYYY-MM-DD]

  daily    评估全部客户，更新每位客户的预警状态（新增 / 仍有风险 / 升级 / 已恢复），
           给每位业务员发送晨报（邮件或企业微信），并把长期无人拜访的重要客户上报给经理。
  weekly   给每位经理发送本周团队汇总（按等级和信号的风险客户数、新增与恢复、各等级流失率、
           活跃客户数和客单价、每位业务员的情况、风险金额最大的客户）。
  retry    只重发之前暂时失败的消息（不生成新消息）；AWS 上每 15 分钟自动运行一次。

同一天重复运行不会重复发送：每份消息在发送前先记录在发送记录（deliveries）里，已发送的不会再发；
暂时失败的会在之后的运行中按退避时间重试。用 churn-watch deliveries 查看发送情况。

  --as-of 日期   以哪一天为“今天”（默认为配置时区的今天）
  --force        允许评估比上次更早的日期（一般不需要；查看过去某天的晨报请用 digest --preview）

退出码：0 = 完成；3 = 完成，但有消息发送失败或状态不明（见 churn-watch deliveries）。

数据库、邮件服务地址取自 AWS SDK 的标准环境变量（AWS_ENDPOINT_URL_DYNAMODB、AWS_ENDPOINT_URL_SESV2）；
发件人地址取自 CHURN_WATCH_EMAIL_FROM（未设置且没有本地邮件服务时不发邮件，只用企业微信）。`,
  deliveries: `用法：churn-watch deliveries [--day YYYY-MM-DD] [--status 状态] [--format table|json]
      churn-watch deliveries resend 记录编号…

列出发送记录：每份晨报、周报和经理提醒在发送前都会先记录下来（记录编号如 digest#R01#2026-11-20）。
状态：pending（待发送）、sending（发送中）、sent（已发送）、retrying（暂时失败，稍后自动重试）、
failed（已放弃：被拒收、没有联系方式或多次失败）、uncertain（发送过程中中断，不确定是否已送达，
为避免重复不会自动重发）。

  --day 日期        只看某一天
  --status 状态     只看某种状态（可用逗号分隔多个，例如 failed,uncertain）
  --format json     输出 JSON（不含消息正文）
  resend 编号…      把 failed 或 uncertain 的记录重新发送一次（确认对方没有收到后再用）`,
  digest: `用法：churn-watch digest --rep 业务员编号 [--as-of YYYY-MM-DD] --preview [--out 文件] [--channel email|wecom]

预览某位业务员某一天的晨报，不发送、不改动任何数据：按当天的数据评估客户，得出晨报内容。
邮件版写成 HTML 文件（默认写到系统临时目录下的 digest-业务员编号-日期.html 并打印路径，可用浏览器打开），企业微信版直接打印 markdown。

  --rep 编号        业务员编号
  --as-of 日期      哪一天的晨报（默认为今天）
  --preview         只预览（目前唯一的模式）
  --out 文件        HTML 写到哪里
  --channel wecom   打印企业微信消息（按 4096 字节分条）而不是写 HTML`,
  snooze: `用法：churn-watch snooze 客户编号 --until YYYY-MM-DD
      churn-watch snooze 客户编号 --clear

暂停某位客户的重复提醒，直到指定日期（例如门店装修停业、业务员已经跟进）。暂停期间如果出现新的信号或等级升高，
仍会立即提醒；客户重新下单恢复后，暂停随之结束。--clear 取消暂停。`,
  config: `用法：churn-watch config get [设置项…] [--format table|json]
      churn-watch config set 设置项=值… --reason 原因 [--by 姓名]
      churn-watch config preview 设置项=值… [--as-of YYYY-MM-DD] [--format table|json]
      churn-watch config history [--format table|json]
      churn-watch config rollback [版本] --reason 原因 [--by 姓名]

查看和修改客户分类指标（预警阈值）、等级划分、时区、晨报和周报的时间等设置。

  get        列出全部设置及当前取值和说明（例如“即将流失：连续 30 天没有下单”），标出与默认值不同的项（*），
             并显示当前版本、修改人和修改时间。
             --format json 输出完整的设置文档；设置项名称就是其中用点连接的路径，
             例如 rules.inactive.days（即将流失的天数）、rules.inactive.tiers.vip.days（非常重要客户单独的天数）、
             schedule.dailyTime（晨报时间）。写上设置项名称则只显示这几项。
             谁进晨报名单由流失风险（接下来 90 天不下单的概率）和预警线决定，规则是原因；某条规则设
             rules.<规则>.flag=true（也可按等级：rules.<规则>.tiers.vip.flag=true）后，它一触发客户就进名单。
             riskModel.horizonDays 是风险预测的天数；riskModel.enabled=false 退回规则的旧评分。
  set        修改一项或多项并保存为新版本，必须用 --reason 写明原因。值不合规时会说明允许的范围，
             不做任何修改。值可以是数字、true/false、文本（时间写成 06:30），列表写成 vip,important 或 ["vip","important"]；
             写 null 表示取消该项的修改、恢复默认值（也用于去掉某个等级的单独设置）。
  preview    保存之前先看效果：用今天的数据分别按当前设置和新设置评估全部客户，按信号、按等级
             对比有多少客户会被提醒。不保存任何东西。
  history    每个版本的修改人、时间、原因和改动内容，最新的在前。
  rollback   恢复到某个旧版本的设置（默认恢复到上一个版本，0 = 全部默认值）。回滚本身也会保存为一个新版本，
             历史不会被改写。

  --reason 原因     为什么修改（记录在历史中）
  --by 姓名         修改人（默认取环境变量 CHURN_WATCH_ADMIN，否则为当前系统用户名）
  --as-of 日期      preview 按哪一天评估（默认为配置时区的今天）

两人同时修改时，后保存的一方会被拒绝并提示先查看最新配置，不会互相覆盖。
每日评估从下一次运行起使用新的设置。本机运行时（npm start）定时任务会自动按新时间运行；在 AWS 上请设置
CHURN_WATCH_SCHEDULE_PREFIX（例如 churn-watch-prod-），保存后会同步更新 EventBridge Scheduler 中的定时任务。

示例：
  churn-watch config set rules.inactive.days=21 --reason "旺季前提前提醒"
  churn-watch config preview rules.sales_drop.dropPct=40
  churn-watch config set rules.inactive.tiers.vip.days=21 \\
      rules.inactive.tiers.vip.flag=true --reason "非常重要客户 21 天未下单即提醒"
  churn-watch config set escalation.tiers=vip schedule.dailyTime=06:30 \\
      --reason "只上报非常重要客户"`,
  backtest: `用法：churn-watch backtest --orders 文件 --as-of YYYY-MM-DD --horizon 天数 [选项]

效果评估：假装“今天”是过去的某一天，只用那天及以前的数据，按产品那天的做法算出每位客户的风险和各条规则，
再看其后若干天里哪些客户真的不再下单，比较各种判断方法的准确程度。修改阈值前，用它比较新旧设置。

流失的定义：评估日之后的观察期（--horizon 天）内没有下单。已取消的订单和整单退货不算下单。
参与评估的客户：评估日及以前下过单、尚未失联、且到评估日沉默不足观察期天数的客户
（已经沉默这么久的客户按定义已算流失，规则标记他们不算预测；加 --include-silent 可把他们算进来）。

输入文件（与 evaluate 相同：CSV，UTF-8（可带 BOM）或 GBK，中文或英文表头）：
  --orders 文件       订单或订单明细（必填），数据须覆盖到评估日之后的整个观察期
  --customers 文件    客户资料：客户编号、客户名称、业务员
  --visits 文件       拜访记录（超期未拜访规则需要）
  --complaints 文件   投诉记录（投诉增多规则需要）
  --coupons 文件      优惠券发放
  --config 文件       要检验的阈值设置（JSON，只写需要修改的项），不写则用默认阈值
  --answers 文件      业务员对预警的反馈（churn-watch answers --format csv 导出的文件）

选项：
  --as-of 日期        评估日（必填，YYYY-MM-DD）；不能早于第一笔订单
  --horizon 天数      观察期天数（必填，整数，至少 1，例如 90）；评估日加观察期不能晚于最后一笔订单
  --format 格式       table（默认，终端表格）或 json（同样的内容，以数字给出，供脚本读取）
  --include-silent    也评估到评估日已沉默不少于观察期天数的客户
  --lang 语言         zh-CN（默认）或 en
  --skip-invalid      跳过无效行并报告跳过了多少行（默认遇到无效行即报错退出）
  -h, --help          显示本帮助

输出分三部分：

一、风险比较：同一批客户、同样的流失定义，并排比较
  默认风险          产品每天给业务员看的风险：随后 --horizon 天不下单的概率。历史够用时由本店历史学习
                    （第一行上方说明用了哪些训练日、多少行），否则用 BG/NBD 自身的概率并说明原因；
                    风险 ≥ 预警线即“有风险”（预警线在训练日上按 F1 最高选定，或取 50%）
  学习模型风险      按本店历史学习的模型；历史不够时这一行不可用，表下注明原因
  BG/NBD 概率       不需要学习的回购模型给出的不下单概率，≥ 50% 即标记
  只看未下单天数    只按距上次下单的天数排序
  只看近 12 个月下单次数  只按近 12 个月的下单次数（按天计）排序，越少越危险
  种子规则          固定的“30 天未下单”规则（即 inactive 30 天），作为基线
  后两种“只看”没有自己的预警线，取与默认风险标记人数最接近的切点，精确率和召回率才可比。
  各列：AUC = 随机抽一位流失客户和一位未流失客户，前者分数更高的概率（0.5 = 与随机无异，1 = 完美排序；
  种子规则没有分数，所以没有 AUC）；精确率 = 被标记的客户中真的流失的比例；召回率 = 流失客户中被标记的比例；
  F1 = 两者的调和平均；标记比例 = 被标记的客户占参与评估客户的比例；提前天数 = 从评估日到流失标记日
  （最后一次下单 + 观察期天数）的天数，命中客户的中位数；Brier = 预测概率与实际结果之差的平方的平均，
  ECE = 预测概率与实际流失比例的平均差距，两者只对概率计算，越小越好。

二、默认风险的可靠性：按默认风险从低到高把客户分成十组，每组列出客户数、平均预测风险和实际流失比例。
  风险可信时两者相近（说 30% 的一组里约有 30% 真的流失）；越往下的组流失越多，说明排序有效。

三、各条规则：每条规则按所检验的阈值标记了多少客户、命中多少（精确率、召回率、F1、提前天数的中位数
  和四分位数），以及规则“有风险”标记和规则风险分的 AUC。

加 --answers 时，业务员的反馈按“评估日那天是否已经知道”分开使用，不会把未来的信息用进评估：
  评估日及以前标为“客户已关店”的客户，那天已不在名单上：不参与评估（同已失联），并作为那天训练的风险
  模型的流失样本（与产品每天的做法相同）；
  观察期内标为“客户已关店”的客户算作流失，即使其后还有订单（例如清货），只影响结果，不影响评估和模型；
  各条规则另列“误报（业务员标为不是真的流失）：k / n”：规则在评估日标记的 n 位客户中，有 k 位在观察期内
  被业务员标为“不是真的流失”，这是业务员眼中的精确率，与按订单判断的精确率并列。

示例：
  npx churn-watch backtest --orders 订单.csv --as-of 2026-08-22 --horizon 90
  npx churn-watch backtest --orders 订单.csv --as-of 2026-08-22 --horizon 90 \\
      --config 新阈值.json --format json
  npx churn-watch backtest --orders 订单.csv --as-of 2026-08-22 --horizon 90 \\
      --answers 反馈.csv`,
  bgnbd: `用法：churn-watch bgnbd fit --summary 文件 [--format json]

用 BG/NBD 模型（Fader, Hardie & Lee 2005）拟合客户的重复购买规律（最大似然估计），输出参数 r、alpha、a、b
和对数似然。汇总文件为 CSV，表头 ID,frequency,recency,T（也接受 cust、x、t_x）：frequency 为重复购买次数，
recency 为最后一次重复购买距首次购买的时间，T 为首次购买至今的时间，三者时间单位相同（例如周）。
--format json 输出一行 JSON：{"r":…,"alpha":…,"a":…,"b":…,"logLikelihood":…}。`,
  risk: `用法：churn-watch risk fit|show [--as-of YYYY-MM-DD] [--force] [--format text|json]

流失风险模型：每位客户的“流失风险”是它在接下来 90 天（riskModel.horizonDays）不再下单的概率，按本店自己的
历史校准。历史够用时（至少 150 天、200 位可学习的客户、20 位以上停过单）用本店历史学习；不够时用 BG/NBD 模型
按本店客户拟合出的概率，并说明原因。风险达到“预警线”（在本店历史上按 F1 选定）的客户进入晨报名单；规则的发现
是给业务员看的原因。管理员可以让某条规则一触发就进名单：config set rules.<规则>.flag=true。
默认开启，不需要任何设置；每周随周报重新训练，第一天没有模型时由当天的评估先训练一个。

  fit    现在就用数据库中的客户档案训练并保存模型（例如改了 riskModel.horizonDays 之后）
  show   显示最新的模型：学习模型还是 BG/NBD、为什么、训练日期、样本、效果、预警线和权重最大的特征，以及明天的评估
         会不会用它

  --as-of 日期   以哪一天为“今天”（默认为配置时区的今天；fit 不接受将来的日期，过去的日期要加 --force）
  --force        fit 按过去的日期训练（之后重跑那些日期会用上这个模型）
  --format json  show 输出模型本身（JSON）

churn-watch backtest 可在过去某天比较这个风险和只看沉默天数、只看下单次数、固定 30 天规则等做法。`,
  effect: `用法：churn-watch effect --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json] [--lang zh-CN|en]

跟进有没有用？对这段时间里发出的预警，比较业务员跟进过的客户和没跟进的客户，各有多少恢复了下单。

  恢复    预警后 weekly.recoveryDays（默认 30）天内重新下单，且不再有流失风险
  跟进    预警后 followUp.withinDays（默认 2）天内、客户恢复之前，业务员点了“已电话联系 / 已上门拜访 /
          已发优惠券”，或有拜访记录
  待定    预警还不满 30 天，结果未定：不算失败，不参与比较
  不参与  业务员标为“不是真的流失”的预警（单独列出次数）；“客户已关店”算作未恢复

比较是否公平：业务员往往先跟进风险最高的客户，这些客户本来就更难挽回。所以只在同一客户等级、同一风险段
（0–25%、25–50%、50–75%、75–100%）里比较跟进与未跟进，再把各组按 Mantel–Haenszel 方法合并，并给出 95% 区间。
每边少于 10 次、或大多数预警在同组里找不到可比的另一方时，显示“太少，无法判断”。
这仍不是对照实验：业务员知道而风险分不知道的情况（例如明知客户没事就不跟进）无法排除。

另列出：各条规则的预警中被业务员标为“不是真的流失”的次数，以及产品上线（第一次每日评估）前后各一个
weekly.churnPeriodDays 周期的流失率（按客户等级）。上线前后的比较同样不是对照实验：季节、市场和客户构成的
变化都会影响它。

选项：
  --from 日期        第一天（含），按预警日
  --to 日期          最后一天（含）
  --format 格式      text（默认）或 json（同样的内容，以数字给出）
  --lang 语言        zh-CN（默认）或 en
  -h, --help         显示本帮助

示例：
  npx churn-watch effect --from 2026-10-01 --to 2026-10-31`,
  answers: `用法：churn-watch answers [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--rep 业务员] [--format table|csv|json] [--lang zh-CN|en]

列出业务员在晨报里对预警的反馈（已电话联系 / 已上门拜访 / 已发优惠券 / 不是真的流失 / 客户已关店），最新的在前：
反馈日期、业务员、客户编号和名称、反馈、原因（“不是真的流失”时）、这次预警从哪天开始。

选项：
  --from 日期        第一天（含），按反馈日期；不写则从最早的反馈开始
  --to 日期          最后一天（含）；不写则到最新的反馈
  --rep 业务员       只看这位业务员的反馈（编号或姓名）
  --format 格式      table（默认，终端表格）、csv（固定的英文表头，可直接交给 backtest --answers）或 json
  --lang 语言        zh-CN（默认）或 en
  -h, --help         显示本帮助

csv 的列：customer_id,episode,action,reason,rep_id,answered_at,day
  episode = 预警开始日期；action = called|visited|coupon|not_real|closed；reason = 内置原因的编号或管理员自定义的原因；
  answered_at = 反馈时刻（UTC）；day = 反馈日期（本地时区）。

示例：
  npx churn-watch answers --from 2026-10-01 --to 2026-10-31
  npx churn-watch answers --format csv > 反馈.csv
  npx churn-watch backtest --orders 订单.csv --as-of 2026-08-22 --horizon 90 \\
      --answers 反馈.csv`,
};

export type HelpText = typeof help;
