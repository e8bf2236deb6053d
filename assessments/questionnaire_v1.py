# ruff: noqa: RUF001, RUF100
# RUF001 is silenced on purpose: the Chinese strings use full-width Chinese punctuation
# (comma, enumeration comma, colon, semicolon, brackets, quotation marks) and the
# multiplication sign in "7x24 hours", as official Chinese text is written. RUF100 is listed
# so that the file also passes ruff's default rule set, where RUF001 is off and the directive
# would otherwise be reported as unused.
"""First version of the questionnaire for the CN security self-assessment.

Pure data, loaded into Template -> Section -> Question by the assessments app. A published
template version never changes: edit a copy, never this dictionary in place.

Legal references:
- "2018": Provisions on the Security Assessment of Internet Information Services with
  Public-Opinion Attributes or Social-Mobilisation Capacity (CAC and Ministry of Public
  Security, 2018). Art. 2 scope, Art. 3 triggers, Art. 4 self or third-party assessment,
  Art. 5(1)-(8) the points assessed, Art. 6 the contents of the report.
- "DS": Provisions on the Administration of Deep Synthesis of Internet Information Services
  (2022, in force 10 January 2023), Arts. 14-19.
- "CSL": Cybersecurity Law of the PRC (the six-month log retention is in Art. 21(3)).

Sections A-H and J apply to every filing; section I ("applies_when": "deep_synthesis") applies
when the planned feature is flagged deep synthesis, face or voice editing, or generative AI.

Answer types: text, yes_no, choice, number, date. A "choice" question has a single value, one
of its "choices". Question codes are unique across the template.
"""

from typing import Any

TEMPLATE: dict[str, Any] = {
    "code": "cn-security-assessment",
    "name_zh": "具有舆论属性或社会动员能力的互联网信息服务安全评估",
    "name_en": (
        "Security self-assessment for services with public-opinion attributes or "
        "social-mobilisation capacity"
    ),
    "sections": [
        {
            "code": "A",
            "title_zh": "基本情况",
            "title_en": "Basics",
            "legal_reference": "2018 Art. 6",
            "applies_when": "always",
            "questions": [
                {
                    "code": "A1",
                    "text_zh": "服务名称、主要功能及服务范围",
                    "text_en": "Name, main functions and scope of the service",
                    "help_zh": (
                        "说明所评估的互联网信息服务（应用程序、网站、小程序等）的名称、"
                        "主要功能及面向的用户范围。"
                    ),
                    "help_en": (
                        "Describe the internet information service assessed (app, website, "
                        "mini-program, etc.): its name, main functions and the users it serves."
                    ),
                    "legal_reference": "2018 Art. 6(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A2",
                    "text_zh": "本次上线或增设的功能及其舆论属性、社会动员能力",
                    "text_en": (
                        "The function being launched or added, and how it gives the service "
                        "public-opinion attributes or social-mobilisation capacity"
                    ),
                    "help_zh": (
                        "如语音聊天室、直播连麦、通讯群组、人脸或人声合成等，"
                        "说明用户如何借助该功能发布信息、组织活动或召集他人。"
                    ),
                    "help_en": (
                        "E.g. voice chat rooms, live co-hosting, groups, face or voice synthesis; "
                        "explain how users can use the function to publish information, organise "
                        "activities or gather others."
                    ),
                    "legal_reference": "2018 Art. 6(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A3",
                    "text_zh": "服务形式",
                    "text_en": "Form of the service",
                    "help_zh": "按服务的主要提供形式选择；其他形式请在A1中说明。",
                    "help_en": (
                        "Choose the main form in which the service is offered; describe any other "
                        "form under A1."
                    ),
                    "legal_reference": "2018 Art. 2",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "app",
                            "label_zh": "移动应用程序",
                            "label_en": "Mobile app",
                        },
                        {
                            "value": "website",
                            "label_zh": "网站",
                            "label_en": "Website",
                        },
                        {
                            "value": "mini_program",
                            "label_zh": "小程序",
                            "label_en": "Mini-program",
                        },
                        {
                            "value": "account",
                            "label_zh": "公众账号",
                            "label_en": "Public account",
                        },
                        {
                            "value": "api",
                            "label_zh": "应用程序编程接口（API）",
                            "label_en": "Application programming interface (API)",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A4",
                    "text_zh": "网址或下载链接",
                    "text_en": "Web address or download link",
                    "help_zh": "填写网站地址、应用商店下载页面地址或小程序名称。",
                    "help_en": (
                        "Give the web address, the app-store page or the name of the mini-program."
                    ),
                    "legal_reference": "2018 Art. 6(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": False,
                    "evidence_required": False,
                },
                {
                    "code": "A5",
                    "text_zh": "注册用户数",
                    "text_en": "Number of registered users",
                    "help_zh": (
                        "填写截至评估之日的注册用户总数；用户规模显著增加的，应当重新开展安全评估。"
                    ),
                    "help_en": (
                        "Give the total as of the assessment date; a marked growth in users "
                        "requires a new assessment."
                    ),
                    "legal_reference": "2018 Art. 3(3)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A6",
                    "text_zh": "月活跃用户数",
                    "text_en": "Number of monthly active users",
                    "help_zh": "填写评估之日前最近一个自然月的月活跃用户数。",
                    "help_en": (
                        "Give the figure for the last full calendar month before the assessment "
                        "date."
                    ),
                    "legal_reference": "2018 Art. 3(3)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A7",
                    "text_zh": "软硬件设施及部署位置",
                    "text_en": "Hardware and software facilities and where they are deployed",
                    "help_zh": "说明服务器、机房或云服务提供者及其所在地，以及用户数据的存储位置。",
                    "help_en": (
                        "Name the servers, data centres or cloud provider and their locations, and "
                        "state where user data is stored."
                    ),
                    "legal_reference": "2018 Art. 6(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A8",
                    "text_zh": "相关许可及备案手续办理情况",
                    "text_en": "Licences held and filings made",
                    "help_zh": (
                        "如增值电信业务经营许可证或ICP备案、互联网新闻信息服务许可证、"
                        "信息网络传播视听节目许可证、网络文化经营许可证、公安机关联网备案等，"
                        "请上传证照扫描件。"
                    ),
                    "help_en": (
                        "E.g. value-added telecommunications licence or ICP filing, internet news "
                        "information service licence, licence for audio-visual programmes online, "
                        "online culture business licence, public-security network filing; upload "
                        "scanned copies."
                    ),
                    "legal_reference": "2018 Art. 6(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "A9",
                    "text_zh": "开展本次安全评估的情形",
                    "text_en": "Situation that requires this assessment",
                    "help_zh": (
                        "第一、二项情形应当在上线前完成评估并报送；第三、四、"
                        "五项情形应当自情形发生之日起30个工作日内完成评估并报送。"
                        "同时符合多项情形的，选择报送期限最早的一项。"
                    ),
                    "help_en": (
                        "Situations 1 and 2 must be assessed and filed before launch; situations 3 "
                        "to 5 within 30 working days of the event. If several apply, choose the "
                        "one whose filing is due first."
                    ),
                    "legal_reference": "2018 Art. 3",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "launch",
                            "label_zh": (
                                "具有舆论属性或社会动员能力的信息服务上线，或者信息服务增设相关功能"
                            ),
                            "label_en": (
                                "A service with public-opinion attributes or social-mobilisation "
                                "capacity goes online, or such a function is added to a service"
                            ),
                        },
                        {
                            "value": "new_technology",
                            "label_zh": (
                                "使用新技术新应用，使信息服务的功能属性、技术实现方式、"
                                "基础资源配置等发生重大变更，"
                                "导致舆论属性或者社会动员能力发生重大变化"
                            ),
                            "label_en": (
                                "New technologies or applications materially change the service's "
                                "functions, technical implementation or underlying resources, "
                                "materially changing its public-opinion attributes or "
                                "social-mobilisation capacity"
                            ),
                        },
                        {
                            "value": "user_growth",
                            "label_zh": (
                                "用户规模显著增加，"
                                "导致信息服务的舆论属性或者社会动员能力发生重大变化"
                            ),
                            "label_en": (
                                "A marked growth in users materially changes the service's "
                                "public-opinion attributes or social-mobilisation capacity"
                            ),
                        },
                        {
                            "value": "harmful_content",
                            "label_zh": (
                                "发生违法有害信息传播扩散，表明已有安全措施难以有效防控网络安全风险"
                            ),
                            "label_en": (
                                "Illegal or harmful information has spread, showing that the "
                                "existing security measures cannot effectively control "
                                "cybersecurity risks"
                            ),
                        },
                        {
                            "value": "authority_notice",
                            "label_zh": "地市级以上网信部门或者公安机关书面通知需要进行安全评估",
                            "label_en": (
                                "A cyberspace administration or public-security organ at city "
                                "level or above has required an assessment by written notice"
                            ),
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A10",
                    "text_zh": "评估实施方式",
                    "text_en": "Who carried out the assessment",
                    "help_zh": "服务提供者可以自行实施安全评估，也可以委托第三方安全评估机构实施。",
                    "help_en": (
                        "The provider may carry out the assessment itself or engage a third-party "
                        "security assessment agency."
                    ),
                    "legal_reference": "2018 Art. 4",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "self",
                            "label_zh": "自行评估",
                            "label_en": "The company itself",
                        },
                        {
                            "value": "third_party",
                            "label_zh": "委托第三方安全评估机构评估",
                            "label_en": "A third-party security assessment agency",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "A11",
                    "text_zh": "第三方安全评估机构名称",
                    "text_en": "Name of the third-party assessment agency",
                    "help_zh": "委托第三方实施评估的，填写机构全称及统一社会信用代码。",
                    "help_en": (
                        "If a third party carried out the assessment, give its full name and "
                        "unified social credit code."
                    ),
                    "legal_reference": "2018 Art. 4",
                    "answer_type": "text",
                    "choices": [],
                    "required": False,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "B",
            "title_zh": "安全管理机构与人员",
            "title_en": "Organisation",
            "legal_reference": "2018 Art. 5(1)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "B1",
                    "text_zh": "安全管理负责人的姓名、职务及联系方式",
                    "text_en": "Security lead: name, position and contact details",
                    "help_zh": (
                        "说明安全管理负责人在本单位的职级，以及其对本服务安全管理承担的职责。"
                    ),
                    "help_en": (
                        "State the security lead's rank in the company and their responsibilities "
                        "for the security of this service."
                    ),
                    "legal_reference": "2018 Art. 5(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "B2",
                    "text_zh": "信息审核人员数量",
                    "text_en": "Number of content reviewers",
                    "help_zh": "填写负责本服务信息审核的专职人员数量；外包审核人员请在B3中说明。",
                    "help_en": (
                        "Give the number of full-time reviewers for this service; describe any "
                        "outsourced reviewers under B3."
                    ),
                    "legal_reference": "2018 Art. 5(1)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "B3",
                    "text_zh": "信息审核人员的排班及值守安排",
                    "text_en": "Reviewers' shifts and hours of coverage",
                    "help_zh": "说明是否实行7×24小时值守，以及高峰时段和节假日的人员配置。",
                    "help_en": (
                        "State whether reviewers are on duty around the clock, and how peak hours "
                        "and public holidays are staffed."
                    ),
                    "legal_reference": "2018 Art. 5(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "B4",
                    "text_zh": "安全管理机构的设置及职责",
                    "text_en": "The security management body: structure and duties",
                    "help_zh": "说明机构名称、人员构成、职责分工及汇报关系，并上传组织架构图。",
                    "help_en": (
                        "Give its name, staff, division of duties and reporting line, and upload "
                        "the organisation chart."
                    ),
                    "legal_reference": "2018 Art. 5(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "B5",
                    "text_zh": "安全管理人员和信息审核人员的培训情况",
                    "text_en": "Training of security staff and content reviewers",
                    "help_zh": "说明培训内容、频次及考核方式，包括法律法规和审核标准的培训。",
                    "help_en": (
                        "Describe the content, frequency and testing of training, including "
                        "training on laws, regulations and review standards."
                    ),
                    "legal_reference": "2018 Art. 5(1)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "C",
            "title_zh": "用户真实身份核验",
            "title_en": "Real identity",
            "legal_reference": "2018 Art. 5(2)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "C1",
                    "text_zh": "用户真实身份核验方式",
                    "text_en": "How users' real identity is verified",
                    "help_zh": "按照“后台实名、前台自愿”的原则，选择用户注册时采用的实名认证方式。",
                    "help_en": (
                        "Choose the verification used at registration (real names at the back end, "
                        "voluntary at the front end)."
                    ),
                    "legal_reference": "2018 Art. 5(2)",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "mobile_number",
                            "label_zh": "基于移动电话号码核验",
                            "label_en": "Mobile phone number",
                        },
                        {
                            "value": "mobile_number_and_id",
                            "label_zh": "移动电话号码及身份证件核验",
                            "label_en": "Mobile phone number and identity document",
                        },
                        {
                            "value": "id_document",
                            "label_zh": "身份证件核验",
                            "label_en": "Identity document",
                        },
                        {
                            "value": "other",
                            "label_zh": "其他方式",
                            "label_en": "Other",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "C2",
                    "text_zh": "真实身份核验流程及对未核验用户的功能限制",
                    "text_en": "Verification procedure and restrictions on unverified users",
                    "help_zh": (
                        "说明核验环节及核验数据来源，以及未完成实名认证的用户能否发布信息、"
                        "开播或创建房间。"
                    ),
                    "help_en": (
                        "Describe the steps and the data sources used, and whether users without "
                        "real-name verification can publish, go live or open rooms."
                    ),
                    "legal_reference": "2018 Art. 5(2)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "C3",
                    "text_zh": "已完成实名认证的用户占比（%）",
                    "text_en": "Share of users who have completed real-name verification (%)",
                    "help_zh": "以注册用户总数为基数计算。",
                    "help_en": "Calculated against the total number of registered users.",
                    "legal_reference": "2018 Art. 5(2)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "C4",
                    "text_zh": "用户注册信息留存期限（月）",
                    "text_en": "Retention period of user registration data (months)",
                    "help_zh": (
                        "填写账号注销后注册信息继续留存的月数，应当与隐私政策中公开的期限一致。"
                    ),
                    "help_en": (
                        "Give the number of months registration data is kept after an account is "
                        "closed; it must match the period published in the privacy policy."
                    ),
                    "legal_reference": "2018 Art. 5(2)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "D",
            "title_zh": "日志留存",
            "title_en": "Logs",
            "legal_reference": "2018 Art. 5(3)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "D1",
                    "text_zh": (
                        "是否记录用户账号、操作时间、操作类型、网络源地址和目标地址、网络源端口、"
                        "客户端硬件特征等日志信息"
                    ),
                    "text_en": (
                        "Are the user account, time and type of operation, source and destination "
                        "network address, source port and client hardware characteristics logged?"
                    ),
                    "help_zh": "缺少其中任一项的，请选择“否”，并在D2中说明。",
                    "help_en": "Answer 'no' if any of these is missing, and explain under D2.",
                    "legal_reference": "2018 Art. 5(3)",
                    "answer_type": "yes_no",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "D2",
                    "text_zh": "日志字段规范及样例",
                    "text_en": "Log field specification and sample",
                    "help_zh": (
                        "列明各字段的名称、含义及格式，"
                        "并上传字段说明文档和经去标识化处理的日志样例。"
                    ),
                    "help_en": (
                        "List each field's name, meaning and format, and upload the specification "
                        "and a de-identified log sample."
                    ),
                    "legal_reference": "2018 Art. 5(3)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "D3",
                    "text_zh": "用户发布信息记录的留存措施",
                    "text_en": "How records of content published by users are kept",
                    "help_zh": (
                        "说明文字、图片、音视频以及语音房间、网络直播内容的记录方式和留存范围。"
                    ),
                    "help_en": (
                        "Describe how text, images, audio, video and voice-room or live-stream "
                        "content are recorded and what is kept."
                    ),
                    "legal_reference": "2018 Art. 5(3)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "D4",
                    "text_zh": "网络日志留存期限（月）",
                    "text_en": "Log retention period (months)",
                    "help_zh": "网络日志留存不少于六个月。",
                    "help_en": "Network logs must be kept for at least six months.",
                    "legal_reference": "2018 Art. 5(3); CSL Art. 21(3)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "E",
            "title_zh": "违法有害信息防范处置",
            "title_en": "Harmful content",
            "legal_reference": "2018 Art. 5(4)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "E1",
                    "text_zh": "违法有害信息防范处置制度及审核流程",
                    "text_en": (
                        "Rules and procedure for preventing and handling illegal and harmful "
                        "information"
                    ),
                    "help_zh": "上传信息内容审核制度、审核标准及处置流程文件。",
                    "help_en": (
                        "Upload the content review rules, the review standards and the handling "
                        "procedure."
                    ),
                    "legal_reference": "2018 Art. 5(4)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "E2",
                    "text_zh": "对用户账号和通讯群组的名称、昵称、头像、简介、备注等信息的审核措施",
                    "text_en": (
                        "Review of the names, nicknames, avatars, bios and notes of user accounts "
                        "and groups"
                    ),
                    "help_zh": "说明注册和修改时是否先审后发，以及机器审核与人工审核的分工。",
                    "help_en": (
                        "State whether they are reviewed before they appear, at registration and "
                        "on every change, and how machine and human review share the work."
                    ),
                    "legal_reference": "2018 Art. 5(4)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "E3",
                    "text_zh": "对信息发布、转发、评论和通讯群组等功能中违法有害信息的防范处置措施",
                    "text_en": (
                        "Prevention and handling of illegal and harmful information in posts, "
                        "reposts, comments and groups"
                    ),
                    "help_zh": "说明关键词过滤、图像识别、人工复核及对违规账号的处置措施。",
                    "help_en": (
                        "Describe keyword filtering, image recognition, human re-review and the "
                        "action taken against offending accounts."
                    ),
                    "legal_reference": "2018 Art. 5(4)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "E4",
                    "text_zh": "语音房间、网络直播的实时巡查措施",
                    "text_en": "Real-time monitoring of voice rooms and live streams",
                    "help_zh": (
                        "说明语音识别等技术手段与人工巡查相结合的方式、巡查覆盖比例，"
                        "以及从发现违规到处置的平均时长。"
                    ),
                    "help_en": (
                        "Describe how speech recognition and other technical means are combined "
                        "with human patrols, the share of rooms covered, and the average time from "
                        "detection to action."
                    ),
                    "legal_reference": "2018 Art. 5(4)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "E5",
                    "text_zh": "发现违法有害信息时，能否立即中断直播或关闭语音房间",
                    "text_en": (
                        "When illegal or harmful information is found, can the live stream be cut "
                        "off or the voice room closed at once?"
                    ),
                    "help_zh": "包括远程切断直播、禁言、解散房间等处置手段。",
                    "help_en": (
                        "This includes cutting off the stream remotely, muting participants and "
                        "dissolving the room."
                    ),
                    "legal_reference": "2018 Art. 5(4)",
                    "answer_type": "yes_no",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "E6",
                    "text_zh": "违法有害信息处置记录的保存措施",
                    "text_en": (
                        "How records of the handling of illegal and harmful information are kept"
                    ),
                    "help_zh": (
                        "说明记录的内容（信息、账号、处置措施、处置时间、处置人员）及保存期限。"
                    ),
                    "help_en": (
                        "State what is recorded (content, account, action, time, staff member) and "
                        "for how long."
                    ),
                    "legal_reference": "2018 Art. 5(4)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "F",
            "title_zh": "个人信息保护及风险防控技术措施",
            "title_en": "Safeguards",
            "legal_reference": "2018 Art. 5(5)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "F1",
                    "text_zh": "个人信息保护措施",
                    "text_en": "Personal information protection measures",
                    "help_zh": (
                        "说明个人信息收集使用规则、访问权限控制、"
                        "加密措施以及个人信息泄露的应急处置措施。"
                    ),
                    "help_en": (
                        "Describe the rules for collecting and using personal information, access "
                        "control, encryption and the response to personal information leaks."
                    ),
                    "legal_reference": "2018 Art. 5(5)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "F2",
                    "text_zh": "防范违法有害信息传播扩散的技术措施",
                    "text_en": (
                        "Technical measures against the spread of illegal and harmful information"
                    ),
                    "help_zh": (
                        "如转发层级和频次限制、热点榜单人工干预、异常传播监测及快速下架等措施。"
                    ),
                    "help_en": (
                        "E.g. limits on repost depth and frequency, human oversight of trending "
                        "lists, detection of abnormal spread and rapid takedown."
                    ),
                    "legal_reference": "2018 Art. 5(5)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "F3",
                    "text_zh": "单个房间或群组的人数上限",
                    "text_en": "Maximum number of participants in one room or group",
                    "help_zh": "不同类型的房间或群组人数上限不同的，填写其中的最高值。",
                    "help_en": "If the limit differs by type of room or group, give the highest.",
                    "legal_reference": "2018 Art. 5(5)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "F4",
                    "text_zh": "对邀请功能的限制措施",
                    "text_en": "Limits on invitations",
                    "help_zh": "如邀请码数量、邀请频次以及对被邀请人的实名认证要求等。",
                    "help_en": (
                        "E.g. the number of invitation codes, how often a user may invite, and "
                        "real-name requirements for those invited."
                    ),
                    "legal_reference": "2018 Art. 5(5)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "F5",
                    "text_zh": "对群发、广播及跨房间推送功能的限制措施",
                    "text_en": "Limits on mass messages, broadcasts and notifications across rooms",
                    "help_zh": (
                        "说明对单次触达人数、发送频次的限制，"
                        "以及防范社会动员功能失控风险的其他措施。"
                    ),
                    "help_en": (
                        "Describe limits on how many people one message can reach and how often, "
                        "and other measures against the risk of mobilisation functions getting out "
                        "of control."
                    ),
                    "legal_reference": "2018 Art. 5(5)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "G",
            "title_zh": "投诉举报",
            "title_en": "Complaints",
            "legal_reference": "2018 Art. 5(6)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "G1",
                    "text_zh": "公布的投诉、举报方式",
                    "text_en": "Published complaint and reporting channels",
                    "help_zh": "列明举报入口、电话、电子邮箱等方式及其公布位置，并上传页面截图。",
                    "help_en": (
                        "List the in-app entry, telephone, e-mail, etc. and where they are "
                        "published, and upload screenshots."
                    ),
                    "legal_reference": "2018 Art. 5(6)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "G2",
                    "text_zh": "投诉、举报页面链接",
                    "text_en": "Link to the complaint and reporting page",
                    "help_zh": "填写网页地址或应用程序内的入口路径。",
                    "help_en": "A web address or the path to the entry within the app.",
                    "legal_reference": "2018 Art. 5(6)",
                    "answer_type": "text",
                    "choices": [],
                    "required": False,
                    "evidence_required": False,
                },
                {
                    "code": "G3",
                    "text_zh": "投诉、举报的处理时限（工作日）",
                    "text_en": "Time limit for handling complaints and reports (working days)",
                    "help_zh": "填写自受理至反馈处理结果的最长时限。",
                    "help_en": (
                        "The longest time from receipt to telling the complainant the outcome."
                    ),
                    "legal_reference": "2018 Art. 5(6)",
                    "answer_type": "number",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "G4",
                    "text_zh": "是否为被处置的用户提供申诉渠道",
                    "text_en": "Can users whose content or account was acted on appeal?",
                    "help_zh": "申诉的受理和处理流程请在G5中说明。",
                    "help_en": "Describe how appeals are received and decided under G5.",
                    "legal_reference": "2018 Art. 5(6)",
                    "answer_type": "yes_no",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "G5",
                    "text_zh": "申诉的受理和处理流程",
                    "text_en": "How appeals are received and decided",
                    "help_zh": "说明申诉复核人员、处理时限及处理结果的告知方式。",
                    "help_en": (
                        "State who reviews appeals, the time limit and how the user is told the "
                        "outcome."
                    ),
                    "legal_reference": "2018 Art. 5(6)",
                    "answer_type": "text",
                    "choices": [],
                    "required": False,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "H",
            "title_zh": "配合主管部门工作机制",
            "title_en": "Cooperation with the authorities",
            "legal_reference": "2018 Art. 5(7)-(8)",
            "applies_when": "always",
            "questions": [
                {
                    "code": "H1",
                    "text_zh": "与网信部门、公安机关对接的联络人及联系方式",
                    "text_en": (
                        "Contact person for the cyberspace administration and public security, "
                        "with contact details"
                    ),
                    "help_zh": "说明联络人的姓名、职务、7×24小时联系电话及备用联络人。",
                    "help_en": (
                        "Give the name, position and a 24-hour telephone number, and name a deputy."
                    ),
                    "legal_reference": "2018 Art. 5(7)-(8)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "H2",
                    "text_zh": (
                        "为网信部门依法履行互联网信息服务监督管理职责提供技术、"
                        "数据支持和协助的工作机制"
                    ),
                    "text_en": (
                        "Arrangements for giving the cyberspace administration technical and data "
                        "support and assistance in its lawful supervision of internet information "
                        "services"
                    ),
                    "help_zh": "说明接收工作要求的渠道、内部审批流程及响应时限。",
                    "help_en": (
                        "Describe the channel for receiving requests, the internal approval and "
                        "the response time."
                    ),
                    "legal_reference": "2018 Art. 5(7)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "H3",
                    "text_zh": (
                        "为公安机关、国家安全机关依法维护国家安全和查处违法犯罪提供技术、"
                        "数据支持和协助的工作机制"
                    ),
                    "text_en": (
                        "Arrangements for giving public-security and state-security organs "
                        "technical and data support and assistance in safeguarding national "
                        "security and investigating crime"
                    ),
                    "help_zh": "说明接收工作要求的渠道、内部审批流程及响应时限。",
                    "help_en": (
                        "Describe the channel for receiving requests, the internal approval and "
                        "the response time."
                    ),
                    "legal_reference": "2018 Art. 5(8)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "H4",
                    "text_zh": "数据调取请求的核验、处理和记录",
                    "text_en": "How requests for data are verified, handled and recorded",
                    "help_zh": (
                        "说明如何核验法律文书及请求人身份、由谁批准提供数据，"
                        "以及如何记录每次提供数据的情况。"
                    ),
                    "help_en": (
                        "Explain how the legal documents and the requester's identity are checked, "
                        "who approves the release of data, and how each release is recorded."
                    ),
                    "legal_reference": "2018 Art. 5(7)-(8)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "I",
            "title_zh": "深度合成",
            "title_en": "Deep synthesis",
            "legal_reference": "DS Arts. 14-19",
            "applies_when": "deep_synthesis",
            "questions": [
                {
                    "code": "I1",
                    "text_zh": "是否提供人脸、人声等生物识别信息编辑功能",
                    "text_en": (
                        "Does the feature edit faces, voices or other biometric information?"
                    ),
                    "help_zh": "包括人脸生成、人脸替换、人脸操控、姿态操控、合成人声、仿声等功能。",
                    "help_en": (
                        "This includes face generation, face swapping, face manipulation, pose "
                        "manipulation, synthetic speech and voice imitation."
                    ),
                    "legal_reference": "DS Art. 14",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "face",
                            "label_zh": "人脸",
                            "label_en": "Faces",
                        },
                        {
                            "value": "voice",
                            "label_zh": "人声",
                            "label_en": "Voices",
                        },
                        {
                            "value": "face_and_voice",
                            "label_zh": "人脸和人声",
                            "label_en": "Faces and voices",
                        },
                        {
                            "value": "none",
                            "label_zh": "均不涉及",
                            "label_en": "Neither",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "I2",
                    "text_zh": "提示使用者依法告知被编辑的个人并取得其单独同意的方式",
                    "text_en": (
                        "How users are prompted to inform the person being edited and obtain that "
                        "person's separate consent"
                    ),
                    "help_zh": "说明提示和取得单独同意的环节，并上传相关界面截图。",
                    "help_en": (
                        "Describe the prompt and the separate-consent steps, and upload "
                        "screenshots of the screens."
                    ),
                    "legal_reference": "DS Art. 14",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "I3",
                    "text_zh": "具有生成或者编辑人脸、人声等功能的模型、模板等工具的安全评估情况",
                    "text_en": (
                        "Security assessment of the models, templates and other tools that "
                        "generate or edit faces, voices and the like"
                    ),
                    "help_zh": "说明自行或者委托专业机构开展安全评估的情况及结论，并上传评估报告。",
                    "help_en": (
                        "State whether the assessment was carried out in-house or by a "
                        "professional agency and what it concluded, and upload the assessment "
                        "report."
                    ),
                    "legal_reference": "DS Art. 15",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "I4",
                    "text_zh": "显著标识的添加方式",
                    "text_en": "How visible labels are added",
                    "help_zh": (
                        "说明对合成人声、仿声、人脸生成、人脸替换等内容在何处、"
                        "以何种方式添加显著标识，并上传标识样例。"
                    ),
                    "help_en": (
                        "State where and how visible labels are added to synthetic speech, voice "
                        "imitation, generated or swapped faces and similar content, and upload "
                        "samples."
                    ),
                    "legal_reference": "DS Art. 17",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "I5",
                    "text_zh": "隐式标识的添加方式",
                    "text_en": "How implicit marks are added",
                    "help_zh": (
                        "说明在文件元数据中添加的标识信息、数字水印等不影响用户使用的技术标识。"
                    ),
                    "help_en": (
                        "Describe the technical marks that do not affect use, such as identifying "
                        "data in file metadata or digital watermarks."
                    ),
                    "legal_reference": "DS Art. 16",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "I6",
                    "text_zh": "防范标识被删除、篡改、隐匿的技术措施",
                    "text_en": (
                        "Technical measures against the removal, alteration or concealment of "
                        "labels and marks"
                    ),
                    "help_zh": "如水印鲁棒性测试、对去除标识工具的识别和处置等。",
                    "help_en": (
                        "E.g. watermark robustness tests, and detecting and acting against tools "
                        "that remove labels."
                    ),
                    "legal_reference": "DS Art. 18",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "I7",
                    "text_zh": "训练数据的来源及管理措施",
                    "text_en": "Sources of training data and how they are managed",
                    "help_zh": (
                        "说明训练数据的来源及授权情况；训练数据包含个人信息的，"
                        "说明遵守个人信息保护规定的情况。"
                    ),
                    "help_en": (
                        "State where the training data comes from and on what authority it is "
                        "used; if it contains personal information, explain how personal "
                        "information rules are complied with."
                    ),
                    "legal_reference": "DS Art. 14",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "I8",
                    "text_zh": "算法备案编号",
                    "text_en": "Algorithm filing number",
                    "help_zh": (
                        "已完成算法备案的，填写备案编号（“网信算备”加21位数字加“号”）；尚未备案的，"
                        "在I9中填写备案期限。"
                    ),
                    "help_en": (
                        "If the algorithm has been filed, give the filing number (网信算备, 21 "
                        "digits, 号); otherwise give the due date under I9."
                    ),
                    "legal_reference": "DS Art. 19",
                    "answer_type": "text",
                    "choices": [],
                    "required": False,
                    "evidence_required": False,
                },
                {
                    "code": "I9",
                    "text_zh": "尚未取得算法备案编号的，备案办理期限",
                    "text_en": (
                        "If no algorithm filing number has been issued yet, the date by which the "
                        "filing is due"
                    ),
                    "help_zh": (
                        "具有舆论属性或者社会动员能力的，"
                        "应当自提供服务之日起十个工作日内办理算法备案。"
                    ),
                    "help_en": (
                        "A provider with public-opinion attributes or social-mobilisation capacity "
                        "must file within ten working days of starting the service."
                    ),
                    "legal_reference": "DS Art. 19",
                    "answer_type": "date",
                    "choices": [],
                    "required": False,
                    "evidence_required": False,
                },
            ],
        },
        {
            "code": "J",
            "title_zh": "评估结论",
            "title_en": "Conclusion",
            "legal_reference": "2018 Art. 6",
            "applies_when": "always",
            "questions": [
                {
                    "code": "J1",
                    "text_zh": "评估发现的安全风险和隐患",
                    "text_en": "Security risks and hidden dangers found",
                    "help_zh": "逐项列明评估发现的风险和隐患，并注明对应的问题编号。",
                    "help_en": (
                        "List each risk or hidden danger found, with the code of the related "
                        "question."
                    ),
                    "legal_reference": "2018 Art. 6(2)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "J2",
                    "text_zh": "已采取的整改措施及效果",
                    "text_en": "Rectifications made and their effect",
                    "help_zh": "逐项说明整改措施、完成时间及效果，并上传整改证明材料。",
                    "help_en": (
                        "For each item, describe the rectification, when it was completed and its "
                        "effect, and upload supporting evidence."
                    ),
                    "legal_reference": "2018 Art. 6(2)",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
                {
                    "code": "J3",
                    "text_zh": "剩余风险等级",
                    "text_en": "Residual risk",
                    "help_zh": "整改完成后仍然存在的安全风险的总体水平。",
                    "help_en": (
                        "The overall level of security risk that remains after rectification."
                    ),
                    "legal_reference": "2018 Art. 6(2)",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "low",
                            "label_zh": "低",
                            "label_en": "Low",
                        },
                        {
                            "value": "medium",
                            "label_zh": "中",
                            "label_en": "Medium",
                        },
                        {
                            "value": "high",
                            "label_zh": "高",
                            "label_en": "High",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "J4",
                    "text_zh": "安全评估结论",
                    "text_en": "Assessment conclusion",
                    "help_zh": "结论应当与J1至J3所述情况相一致。",
                    "help_en": "The conclusion must be consistent with the answers to J1 to J3.",
                    "legal_reference": "2018 Art. 6(3)",
                    "answer_type": "choice",
                    "choices": [
                        {
                            "value": "compliant",
                            "label_zh": "符合要求",
                            "label_en": "Compliant",
                        },
                        {
                            "value": "compliant_after_rectification",
                            "label_zh": "整改后符合要求",
                            "label_en": "Compliant after rectification",
                        },
                        {
                            "value": "not_compliant",
                            "label_zh": "不符合要求",
                            "label_en": "Not compliant",
                        },
                    ],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "J5",
                    "text_zh": "评估完成日期",
                    "text_en": "Date the assessment was completed",
                    "help_zh": "填写形成安全评估报告的日期。",
                    "help_en": "The date on which the assessment report was finalised.",
                    "legal_reference": "2018 Art. 6",
                    "answer_type": "date",
                    "choices": [],
                    "required": True,
                    "evidence_required": False,
                },
                {
                    "code": "J6",
                    "text_zh": "安全管理负责人签字确认",
                    "text_en": "Signature of the security lead",
                    "help_zh": (
                        "填写安全管理负责人姓名，并上传经其签字并加盖单位公章的评估报告签字页。"
                    ),
                    "help_en": (
                        "Enter the security lead's name and upload the report's signature page, "
                        "signed by them and bearing the company seal."
                    ),
                    "legal_reference": "2018 Art. 6",
                    "answer_type": "text",
                    "choices": [],
                    "required": True,
                    "evidence_required": True,
                },
            ],
        },
    ],
}
