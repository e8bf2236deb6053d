# ruff: noqa: RUF001, RUF100
# RUF001 is silenced on purpose: Chinese legal names are written with full-width brackets, as
# they are registered. RUF100 is listed so the directive is not reported where RUF001 is off.
"""The demo's reference data: who regulates, who is regulated, who logs in, what they plan."""

from __future__ import annotations

from typing import Any

from assessments.models import Answer, Evidence
from platforms.models import (
    Authority,
    Role,
)
from platforms.validators import uscc_check_character

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (published on the login page in demo mode)
# The demo exists when this login does (the command then does nothing).
MARKER_USERNAME = "douyin_officer"

SECURITY = "cn-security-assessment"
ALGORITHM = "cn-algorithm-filing"
DEEP_SYNTHESIS = "cn-deep-synthesis-assessment"


def uscc(region: str, org: str) -> str:
    """A valid unified social credit code for a made-up organisation."""
    body = f"91{region}{org}"
    return body + uscc_check_character(body)


# --- Who regulates -------------------------------------------------------------------------
AUTHORITIES: dict[str, dict[str, str]] = {
    "national_cac": {
        "name_zh": "国家互联网信息办公室",
        "name_en": "Cyberspace Administration of China",
        "kind": Authority.Kind.CAC,
        "level": Authority.Level.NATIONAL,
        "region_code": "100000",
        "email": "suanfabeian@cac.example",
    },
    "beijing_cac": {
        "name_zh": "北京市互联网信息办公室",
        "name_en": "Beijing Municipal Cyberspace Administration",
        "kind": Authority.Kind.CAC,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "110000",
        "email": "anquanpinggu@beijing-cac.example",
    },
    "shanghai_cac": {
        "name_zh": "上海市互联网信息办公室",
        "name_en": "Shanghai Municipal Cyberspace Administration",
        "kind": Authority.Kind.CAC,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "310000",
        "email": "anquanpinggu@shanghai-cac.example",
    },
    "zhejiang_cac": {
        "name_zh": "浙江省互联网信息办公室",
        "name_en": "Zhejiang Provincial Cyberspace Administration",
        "kind": Authority.Kind.CAC,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "330000",
        "email": "anquanpinggu@zhejiang-cac.example",
    },
    "guangdong_cac": {
        "name_zh": "广东省互联网信息办公室",
        "name_en": "Guangdong Provincial Cyberspace Administration",
        "kind": Authority.Kind.CAC,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "440000",
        "email": "anquanpinggu@guangdong-cac.example",
    },
    "beijing_psb": {
        "name_zh": "北京市公安局",
        "name_en": "Beijing Municipal Public Security Bureau",
        "kind": Authority.Kind.PUBLIC_SECURITY,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "110000",
        "email": "wangan@beijing-psb.example",
    },
    "shanghai_psb": {
        "name_zh": "上海市公安局",
        "name_en": "Shanghai Municipal Public Security Bureau",
        "kind": Authority.Kind.PUBLIC_SECURITY,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "310000",
        "email": "wangan@shanghai-psb.example",
    },
    "zhejiang_psb": {
        "name_zh": "浙江省公安厅",
        "name_en": "Zhejiang Provincial Public Security Department",
        "kind": Authority.Kind.PUBLIC_SECURITY,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "330000",
        "email": "wangan@zhejiang-psb.example",
    },
    "guangdong_psb": {
        "name_zh": "广东省公安厅",
        "name_en": "Guangdong Provincial Public Security Department",
        "kind": Authority.Kind.PUBLIC_SECURITY,
        "level": Authority.Level.PROVINCIAL,
        "region_code": "440000",
        "email": "wangan@guangdong-psb.example",
    },
}

# --- Who is regulated ----------------------------------------------------------------------
# `org` is the nine-character organisation part of the (fake) unified social credit code; the
# check character is computed. `lead`, `deputy`, `deploy` and `licences` feed the answers all
# of the operator's assessments share. Licence and filing numbers are made up.
OPERATORS: dict[str, dict[str, Any]] = {
    "bytedance": {
        "name_zh": "北京字节跳动科技有限公司",
        "name_en": "Beijing ByteDance Technology Co., Ltd.",
        "region_code": "110108",  # Beijing, Haidian
        "org": "MA01BDT70",
        "lead": ("Chen Hao", "Vice President, Platform Security", "010-5900 1001"),
        "deputy": ("Sun Li", "Director, Regulatory Liaison", "010-5900 1002"),
        "domain": "bytedance.example",
        "deploy": "Own data centres in Beijing (Shunyi) and Ulanqab, Inner Mongolia, and the "
        "Volcano Engine cloud in Beijing and Shanghai. All personal information of users in "
        "mainland China is stored in mainland China.",
        "licences": "Value-added telecommunications business licence 京B2-20200001 and ICP "
        "filing 京ICP备20200001号; Internet news information service licence 11220180001; "
        "Licence for the online transmission of audio-visual programmes 0100001; Online "
        "culture business licence 京网文(2019)0001-001号; public-security network filing "
        "11000002000001.",
    },
    "tencent": {
        "name_zh": "深圳市腾讯计算机系统有限公司",
        "name_en": "Shenzhen Tencent Computer Systems Co., Ltd.",
        "region_code": "440305",  # Shenzhen, Nanshan
        "org": "MA5DTCT21",
        "lead": ("Huang Jun", "General Manager, Security Platform Department", "0755-8601 3001"),
        "deputy": ("Lin Yan", "Senior Manager, Government Affairs", "0755-8601 3002"),
        "domain": "tencent.example",
        "deploy": "Tencent data centres in Shenzhen, Tianjin, Shanghai and Chongqing, run on "
        "Tencent Cloud; user data of mainland users is stored in mainland China and replicated "
        "between two regions.",
        "licences": "Value-added telecommunications business licence 粤B2-20200002 and ICP "
        "filing 粤ICP备20200002号; Internet news information service licence 44120170001; "
        "Online culture business licence 粤网文(2019)0002-002号; Licence for the online "
        "transmission of audio-visual programmes 1900002; public-security network filing "
        "44030002000001.",
    },
    "alibaba": {
        "name_zh": "阿里巴巴（中国）有限公司",
        "name_en": "Alibaba (China) Co., Ltd.",
        "region_code": "330106",  # Hangzhou, Xihu
        "org": "MA2AL1BA6",
        "lead": ("Zhou Qiang", "Head of Content Risk Control, Taobao and Tmall", "0571-8502 2001"),
        "deputy": ("Xu Fang", "Regulatory Affairs Manager", "0571-8502 2002"),
        "domain": "alibaba.example",
        "deploy": "Alibaba Cloud regions cn-hangzhou and cn-zhangjiakou; live-stream media "
        "servers on Alibaba Cloud's CDN nodes in mainland China. All user data is stored in "
        "mainland China.",
        "licences": "Value-added telecommunications business licence 浙B2-20200003 and ICP "
        "filing 浙ICP备20200003号; Online culture business licence 浙网文(2019)0003-003号; "
        "Licence for the online transmission of audio-visual programmes 1100003; "
        "public-security network filing 33010002000001.",
    },
    "kuaishou": {
        "name_zh": "北京快手科技有限公司",
        "name_en": "Beijing Kuaishou Technology Co., Ltd.",
        "region_code": "110108",  # Beijing, Haidian
        "org": "MA01KWA14",
        "lead": ("Ma Ning", "Vice President, Community Safety", "010-6270 4001"),
        "deputy": ("Guo Jie", "Director, Compliance", "010-6270 4002"),
        "domain": "kuaishou.example",
        "deploy": "Kuaishou data centres in Beijing (Yizhuang) and Ulanqab, and Kingsoft Cloud "
        "in Beijing; live-stream edge nodes across mainland China. All user data is stored in "
        "mainland China.",
        "licences": "Value-added telecommunications business licence 京B2-20200004 and ICP "
        "filing 京ICP备20200004号; Licence for the online transmission of audio-visual "
        "programmes 0100004; Online culture business licence 京网文(2019)0004-004号; "
        "public-security network filing 11000002000004.",
    },
    "xiaomi": {
        "name_zh": "小米科技有限责任公司",
        "name_en": "Xiaomi Inc.",
        "region_code": "110108",  # Beijing, Haidian
        "org": "MA01XM155",
        "lead": ("Deng Tao", "Director, Information Security", "010-6060 5001"),
        "deputy": ("Fang Yu", "Manager, Internet Services Compliance", "010-6060 5002"),
        "domain": "xiaomi.example",
        "deploy": "Xiaomi Cloud data centres in Beijing (Yizhuang) and Hebei; audio servers on "
        "Kingsoft Cloud in Beijing. All user data is stored in mainland China.",
        "licences": "Value-added telecommunications business licence 京B2-20200005 and ICP "
        "filing 京ICP备20200005号; Online culture business licence 京网文(2020)0005-005号; "
        "public-security network filing 11000002000005.",
    },
    "ximalaya": {
        "name_zh": "上海喜马拉雅科技有限公司",
        "name_en": "Shanghai Ximalaya Technology Co., Ltd.",
        "region_code": "310115",  # Shanghai, Pudong
        "org": "MA1XMLY38",
        "lead": ("Yu Hong", "Vice President, Content Security", "021-6100 6001"),
        "deputy": ("Tang Wen", "Head of Legal and Compliance", "021-6100 6002"),
        "domain": "ximalaya.example",
        "deploy": "Own data centre in Shanghai (Pudong) and Alibaba Cloud region cn-shanghai; "
        "audio storage on Alibaba Cloud OSS in mainland China. All user data is stored in "
        "mainland China.",
        "licences": "Value-added telecommunications business licence 沪B2-20200006 and ICP "
        "filing 沪ICP备20200006号; Online culture business licence 沪网文(2019)0006-006号; "
        "Licence for the online transmission of audio-visual programmes 0900005; "
        "public-security network filing 31011502000006.",
    },
    "netease": {
        "name_zh": "杭州网易云音乐科技有限公司",
        "name_en": "Hangzhou NetEase Cloud Music Technology Co., Ltd.",
        "region_code": "330108",  # Hangzhou, Binjiang
        "org": "MA2CMY077",
        "lead": ("Qian Bo", "Director, Content Safety", "0571-8985 7001"),
        "deputy": ("Wu Shan", "Manager, Government Relations", "0571-8985 7002"),
        "domain": "netease-music.example",
        "deploy": "NetEase data centres in Hangzhou and Beijing, and NetEase Shufan cloud in "
        "Hangzhou; live audio relayed by NetEase Yunxin media servers in mainland China.",
        "licences": "Value-added telecommunications business licence 浙B2-20200007 and ICP "
        "filing 浙ICP备20200007号; Online culture business licence 浙网文(2019)0007-007号; "
        "public-security network filing 33010802000007.",
    },
    "inke": {
        "name_zh": "北京蜜莱坞网络科技有限公司",
        "name_en": "Beijing Meelive Network Technology Co., Ltd. (Inke)",
        "region_code": "110105",  # Beijing, Chaoyang
        "org": "MA01NKE82",
        "lead": ("Liang Kai", "Vice President, Operations and Safety", "010-8418 8001"),
        "deputy": ("He Xin", "Compliance Manager", "010-8418 8002"),
        "domain": "inke.example",
        "deploy": "Kingsoft Cloud and Alibaba Cloud in Beijing; real-time audio relayed by "
        "Agora's mainland-China media network. All user data is stored in mainland China.",
        "licences": "Value-added telecommunications business licence 京B2-20200008 and ICP "
        "filing 京ICP备20200008号; Online culture business licence 京网文(2019)0008-008号; "
        "public-security network filing 11010502000008.",
    },
    "quyan": {
        "name_zh": "广州趣丸网络科技有限公司",
        "name_en": "Guangzhou Quyan Network Technology Co., Ltd.",
        "region_code": "440106",  # Guangzhou, Tianhe
        "org": "MA5QYN093",
        "lead": ("Luo Ming", "Head of Security and Risk", "020-3839 9001"),
        "deputy": ("Cai Ping", "Compliance Officer", "020-3839 9002"),
        "domain": "quyan.example",
        "deploy": "Tencent Cloud region ap-guangzhou and Huawei Cloud in Guangzhou; live media "
        "on Tencent Cloud TRTC in mainland China. All user data is stored in mainland China.",
        "licences": "Value-added telecommunications business licence 粤B2-20200009 and ICP "
        "filing 粤ICP备20200009号; Online culture business licence 粤网文(2019)0009-009号; "
        "public-security network filing 44010602000009.",
    },
}

# `verified`: share of users with real-name verification (%); `reviewers`: content reviewers;
# `room_limit`: the largest room or group; `users`: (registered, monthly active) at the end of
# the month seven months ago and at the end of last month.
PLATFORMS: dict[str, dict[str, Any]] = {
    "douyin": {
        "operator": "bytedance",
        "name_zh": "抖音",
        "name_en": "Douyin",
        "url": "https://www.douyin.com/",
        "tags": ["short_video", "live", "chat_room", "group", "deep_synthesis"],
        "verified": 99.1,
        "reviewers": 3200,
        "room_limit": 500,
        "description": "Short-video and live-streaming platform with camera effects, comments, "
        "direct messages and fan groups.",
        "users": [(962_000_000, 732_000_000), (981_000_000, 755_000_000)],
    },
    "jianying": {
        "operator": "bytedance",
        "name_zh": "剪映",
        "name_en": "Jianying (CapCut China)",
        "url": "https://www.capcut.cn/",
        "tags": ["short_video", "deep_synthesis"],
        "verified": 97.4,
        "reviewers": 260,
        "room_limit": 200,
        "description": "Video editor with templates, AI voice-overs and one-tap publishing to "
        "Douyin; templates made by users are shared in a public template library.",
        "users": [(498_000_000, 226_000_000), (517_000_000, 241_000_000)],
    },
    "wechat": {
        "operator": "tencent",
        "name_zh": "微信",
        "name_en": "WeChat",
        "url": "https://weixin.qq.com/",
        "tags": ["chat_room", "group", "public_account", "short_video", "live", "mini_program"],
        "verified": 99.6,
        "reviewers": 4100,
        "room_limit": 500,
        "description": "Messaging app with group chats, Official Accounts, Moments, Channels "
        "(short video and live streaming) and mini-programs.",
        "users": [(1_590_000_000, 1_375_000_000), (1_600_000_000, 1_382_000_000)],
    },
    "qq": {
        "operator": "tencent",
        "name_zh": "QQ",
        "name_en": "QQ",
        "url": "https://im.qq.com/",
        "tags": ["chat_room", "group", "voice_room", "live"],
        "verified": 96.8,
        "reviewers": 1800,
        "room_limit": 2000,
        "description": "Messaging app for younger users with groups, QQ Channels (topic "
        "communities with text, voice and live sub-channels) and QQ Space.",
        "users": [(1_020_000_000, 553_000_000), (1_030_000_000, 571_000_000)],
    },
    "taobao_live": {
        "operator": "alibaba",
        "name_zh": "淘宝直播",
        "name_en": "Taobao Live",
        "url": "https://www.taobao.com/",
        "tags": ["live", "deep_synthesis"],
        "verified": 99.8,
        "reviewers": 950,
        "room_limit": 500,
        "description": "Live-stream shopping inside the Taobao app and as a stand-alone app: "
        "merchants and hosts sell on camera; viewers comment and buy in the stream.",
        "users": [(430_000_000, 176_000_000), (441_000_000, 183_000_000)],
    },
    "kuaishou": {
        "operator": "kuaishou",
        "name_zh": "快手",
        "name_en": "Kuaishou",
        "url": "https://www.kuaishou.com/",
        "tags": ["short_video", "live", "group", "chat_room"],
        "verified": 98.9,
        "reviewers": 2900,
        "room_limit": 500,
        "description": "Short-video and live-streaming community with co-hosting, fan groups "
        "and live commerce.",
        "users": [(1_080_000_000, 701_000_000), (1_100_000_000, 714_000_000)],
    },
    "feichuan": {
        "operator": "kuaishou",
        "name_zh": "飞船",
        "name_en": "Feichuan",
        "url": "",
        "tags": ["voice_room", "chat_room"],
        "verified": 100,
        "reviewers": 45,
        "room_limit": 300,
        "description": "Stand-alone voice-room app: users join with an invitation code and "
        "talk in topic rooms; speakers are invited on stage by the room host.",
        "users": [(820_000, 240_000), (1_240_000, 310_000)],
    },
    "mitalk": {
        "operator": "xiaomi",
        "name_zh": "米聊",
        "name_en": "Mi Talk",
        "url": "https://www.miliao.com/",
        "tags": ["voice_room", "chat_room", "group"],
        "verified": 100,
        "reviewers": 60,
        "room_limit": 500,
        "description": "Xiaomi's messaging app, closed in February 2021 and being relaunched "
        "as audio rooms for verified professionals.",
        "users": [(3_400_000, 21_000), (3_410_000, 23_000)],
    },
    "ximalaya": {
        "operator": "ximalaya",
        "name_zh": "喜马拉雅",
        "name_en": "Ximalaya",
        "url": "https://www.ximalaya.com/",
        "tags": ["live", "voice_room", "forum", "deep_synthesis"],
        "verified": 95.2,
        "reviewers": 680,
        "room_limit": 1000,
        "description": "Audio platform with podcasts, audiobooks, live audio rooms and "
        "listener communities.",
        "users": [(596_000_000, 288_000_000), (611_000_000, 303_000_000)],
    },
    "netease_music": {
        "operator": "netease",
        "name_zh": "网易云音乐",
        "name_en": "NetEase Cloud Music",
        "url": "https://music.163.com/",
        "tags": ["live", "voice_room", "forum"],
        "verified": 94.6,
        "reviewers": 520,
        "room_limit": 8,
        "description": "Music streaming with comments, user playlists, the Cloud Village "
        "community and live audio and video rooms.",
        "users": [(795_000_000, 183_000_000), (812_000_000, 206_000_000)],
    },
    "inke": {
        "operator": "inke",
        "name_zh": "映客",
        "name_en": "Inke",
        "url": "https://www.inke.cn/",
        "tags": ["live", "voice_room", "chat_room"],
        "verified": 99.3,
        "reviewers": 410,
        "room_limit": 9,
        "description": "Live-streaming and social entertainment app with video streams and "
        "multi-user voice party rooms.",
        "users": [(304_000_000, 14_600_000), (309_000_000, 21_200_000)],
    },
    "tt_voice": {
        "operator": "quyan",
        "name_zh": "TT语音",
        "name_en": "TT Voice",
        "url": "https://www.52tt.com/",
        "tags": ["voice_room", "chat_room", "group", "live", "deep_synthesis"],
        "verified": 98.1,
        "reviewers": 370,
        "room_limit": 300,
        "description": "Voice chat for gamers: team voice rooms, entertainment rooms and a "
        "live channel where streamers broadcast with camera effects.",
        "users": [(152_000_000, 11_800_000), (158_000_000, 13_100_000)],
    },
}

# --- The people ----------------------------------------------------------------------------
# (username, given name, family name, organisation key, role); organisation keys are
# AUTHORITIES or OPERATORS keys.
PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("douyin_officer", "Lei", "Wang", "bytedance", Role.OFFICER),
    ("bytedance_signatory", "Min", "Zhao", "bytedance", Role.SIGNATORY),
    ("tencent_officer", "Jing", "Li", "tencent", Role.OFFICER),
    ("tencent_signatory", "Hua", "Ye", "tencent", Role.SIGNATORY),
    ("alibaba_officer", "Ying", "Shen", "alibaba", Role.OFFICER),
    ("alibaba_signatory", "Dong", "Han", "alibaba", Role.SIGNATORY),
    ("kuaishou_officer", "Rui", "Feng", "kuaishou", Role.OFFICER),
    ("kuaishou_signatory", "Gang", "Yuan", "kuaishou", Role.SIGNATORY),
    ("xiaomi_officer", "Ting", "Lu", "xiaomi", Role.OFFICER),
    ("xiaomi_signatory", "Bin", "Jiang", "xiaomi", Role.SIGNATORY),
    ("ximalaya_officer", "Yue", "Xie", "ximalaya", Role.OFFICER),
    ("ximalaya_signatory", "Peng", "Song", "ximalaya", Role.SIGNATORY),
    ("netease_officer", "Qing", "Pan", "netease", Role.OFFICER),
    ("netease_signatory", "Jun", "Du", "netease", Role.SIGNATORY),
    ("inke_officer", "Xue", "Cao", "inke", Role.OFFICER),
    ("inke_signatory", "Long", "Peng", "inke", Role.SIGNATORY),
    ("quyan_officer", "Na", "Zeng", "quyan", Role.OFFICER),
    ("quyan_signatory", "Wei", "Su", "quyan", Role.SIGNATORY),
    ("beijing_reviewer", "Fang", "Liu", "beijing_cac", Role.REVIEWER),
    ("beijing_supervisor", "Guoqiang", "Zhang", "beijing_cac", Role.SUPERVISOR),
    ("beijing_psb_reviewer", "Yong", "Gao", "beijing_psb", Role.REVIEWER),
    ("beijing_psb_supervisor", "Jun", "Xu", "beijing_psb", Role.SUPERVISOR),
    ("shanghai_psb_reviewer", "Lei", "Shen", "shanghai_psb", Role.REVIEWER),
    ("shanghai_psb_supervisor", "Bin", "Jiang", "shanghai_psb", Role.SUPERVISOR),
    ("zhejiang_psb_reviewer", "Tao", "Lu", "zhejiang_psb", Role.REVIEWER),
    ("zhejiang_psb_supervisor", "Gang", "Wei", "zhejiang_psb", Role.SUPERVISOR),
    ("guangdong_psb_reviewer", "Kai", "Liang", "guangdong_psb", Role.REVIEWER),
    ("guangdong_psb_supervisor", "Qiang", "He", "guangdong_psb", Role.SUPERVISOR),
    ("cac_reviewer", "Lan", "Yang", "national_cac", Role.REVIEWER),
    ("cac_supervisor", "Jianguo", "Wu", "national_cac", Role.SUPERVISOR),
    ("shanghai_reviewer", "Hui", "Zhu", "shanghai_cac", Role.REVIEWER),
    ("shanghai_supervisor", "Ming", "Qin", "shanghai_cac", Role.SUPERVISOR),
    ("zhejiang_reviewer", "Xia", "Shi", "zhejiang_cac", Role.REVIEWER),
    ("zhejiang_supervisor", "Hai", "Kong", "zhejiang_cac", Role.SUPERVISOR),
    ("guangdong_reviewer", "Yi", "Mai", "guangdong_cac", Role.REVIEWER),
    ("guangdong_supervisor", "Zhiwei", "Ou", "guangdong_cac", Role.SUPERVISOR),
]

# --- What they plan ------------------------------------------------------------------------
# `launch_in`: planned launch, days from today (negative: already live). `event_wd_ago`: the
# triggering event, working days ago (event triggers only). `answers` override the defaults
# that `_answer_values` builds from the operator, the platform and the feature.
FEATURES: dict[str, dict[str, Any]] = {
    "douyin_face_swap": {
        "platform": "douyin",
        "title": "Face-swap effect (AI换脸特效)",
        "description": "A camera effect that swaps the user's own face, or a consenting "
        "friend's, into trending video templates in real time. Results can be published as "
        "short videos and used in live streams.",
        "trigger": "launch",
        "launch_in": 40,
        "flags": ["is_deep_synthesis", "edits_faces"],
        "answers": {
            "A2": "The effect lets any of Douyin's 750 million monthly users publish realistic "
            "videos showing another person's face, which can spread fast and be used to "
            "impersonate public figures.",
            "I1": "face",
            "I2": "Before a face other than the user's own can be used, the user must send an "
            "in-app consent request; the person edited confirms with a face liveness check and "
            "can withdraw consent at any time, which removes published videos. Screens attached.",
            "I3": "In-house assessment by the Trust and Safety Lab of the face-swap model "
            "FaceFusion-2 and its 120 templates: identity-leak, misuse and bias tests; "
            "templates of public figures are blocked. Report attached.",
            "J1": "I2: consent of a second person could be bypassed by re-uploading a downloaded "
            "video (medium). E4: templates added by creators were not screened (low).",
            "J2": "Downloaded videos now carry an implicit mark that blocks their use as a "
            "source; creator templates pass human review before publication. Completed in "
            "the last test cycle; evidence attached.",
        },
        "algorithm": {
            "K1": "抖音人脸融合特效合成算法 (Douyin face-fusion effect synthesis algorithm)",
            "K2": "generation_synthesis",
            "K4": "An encoder-decoder network maps the user's face onto the template video "
            "frame by frame on the device; server-side checks block public-figure faces. Used "
            "only in Douyin's camera effects.",
            "K6": "The algorithm swaps a user's face into a video template. It runs only with "
            "the consent of the person whose face is used, and every output is labelled as "
            "AI-generated.",
        },
    },
    "jianying_voice_clone": {
        "platform": "jianying",
        "title": "Voice cloning from a short sample (声音克隆)",
        "description": "Creators record a ten-second sample and Jianying trains a personal "
        "voice model that reads their scripts as voice-overs. Creators may share the voice as "
        "a template for other users.",
        "trigger": "launch",
        "launch_in": 25,
        "flags": ["is_deep_synthesis", "edits_voices", "is_generative_ai"],
        "answers": {
            "A2": "Shared voice templates let anyone make videos in another person's voice, "
            "which can mislead audiences and be used for fraud.",
            "I1": "voice",
            "I2": "The sample must be read live from a random on-screen sentence, so only the "
            "owner of the voice can create a model of it.",
            "I3": "Assessed in-house by the Jianying audio team: speaker-similarity and "
            "spoofing tests on 2,000 voices. Report attached.",
            "I4": "An audible notice is planned for shared templates.",
            "J1": "I2: no separate consent step when another user's shared voice template is "
            "used (medium). I4: no visible label on exported videos yet (medium).",
            "J2": "Random-sentence liveness check added to sample recording. Evidence attached.",
            "J3": "medium",
            "J4": "compliant_after_rectification",
        },
        "algorithm": {
            "K1": "剪映个性化声音克隆合成算法 (Jianying personal voice-clone synthesis algorithm)",
            "K2": "generation_synthesis",
            "K4": "A few-shot speaker-adaptation model fine-tunes a pretrained text-to-speech "
            "model on a ten-second sample; synthesis runs on ByteDance servers.",
            "K6": "The algorithm makes a synthetic copy of a creator's own voice from a short "
            "recording to read the creator's scripts.",
        },
    },
    "wechat_voice_cohost": {
        "platform": "wechat",
        "title": "Channels live voice co-hosting (视频号直播语音连麦)",
        "description": "Hosts of Channels live streams can bring up to eight viewers on air by "
        "voice; co-hosts speak to the whole audience of the stream.",
        "trigger": "new_technology",
        "launch_in": 20,
        "flags": [],
        "answers": {
            "A2": "Viewers who are brought on air speak live to audiences of up to several "
            "hundred thousand, without the host's content having been reviewed beforehand.",
            "E4": "Speech recognition transcribes every co-host's audio in real time; "
            "classifiers flag risky speech to human patrols, who can mute a co-host.",
            "F3": 8,
            "F4": "Co-hosts must have followed the host's channel for seven days.",
            "F5": "Live notifications reach only the host's followers, at most three a day.",
        },
    },
    "qq_voice_channels": {
        "platform": "qq",
        "title": "QQ Channels open voice sub-channels (QQ频道开放语音子频道)",
        "description": "Any QQ Channel owner can open public voice sub-channels that channel "
        "members join without an invitation; the largest channels passed one million members.",
        "trigger": "user_growth",
        "event_wd_ago": 44,
        "launch_in": -420,
        "flags": ["is_recommendation"],
        "answers": {
            "A2": "Open voice sub-channels gather up to 2,000 strangers live around games and "
            "fan communities, many of them minors.",
            "F3": 2000,
        },
        "algorithm": {
            "K1": "QQ频道语音子频道推荐算法 (QQ Channels voice sub-channel recommendation "
            "algorithm)",
            "K2": "personalised_push",
            "K4": "A ranking model recommends open voice sub-channels to a channel's members "
            "from their interests and the sub-channels they joined; trending sub-channels are "
            "checked by hand before they are promoted.",
            "K6": "The algorithm recommends open voice sub-channels to members of a QQ Channel "
            "from their interests; personalised recommendations can be switched off.",
        },
    },
    "taobao_digital_host": {
        "platform": "taobao_live",
        "title": "AI digital-human host (AI数字人主播)",
        "description": "Merchants can run a live stream with a generated digital-human host "
        "whose face, voice and script are synthesised; it answers viewers' questions in real "
        "time from the product catalogue.",
        "trigger": "launch",
        "launch_in": 14,
        "flags": ["is_deep_synthesis", "is_generative_ai"],
        "answers": {
            "A2": "Digital hosts can stream around the clock in thousands of rooms at once and "
            "answer viewers with generated speech, so false claims could spread at scale.",
            "I1": "none",
            "I2": "The hosts are wholly synthetic characters designed by Alibaba; merchants "
            "cannot upload faces or voices, so no real person is edited. The character "
            "designers' releases are attached.",
            "I3": "Third-party assessment of the digital-human model and the answer model by "
            "the agency named under A11; report attached.",
            "I7": "Licensed studio recordings of 40 paid voice actors and synthetic faces; "
            "product answers come from the merchant's own catalogue only.",
        },
        "method": "third_party",
        "agency": "Zhejiang Xin'an Cybersecurity Assessment Co., Ltd. (unified social credit "
        f"code {uscc('330106', 'MA2XNAC43')})",
        "algorithm": {
            "K1": "淘宝直播数字人主播生成合成算法 (Taobao Live digital-human host algorithm)",
            "K2": "generation_synthesis",
            "K4": "A talking-head generator renders the host from text; a retrieval-augmented "
            "language model answers viewers' questions from the merchant's catalogue.",
            "K6": "The algorithm generates a virtual live-stream host. Streams using it are "
            "labelled 'digital human' throughout.",
        },
    },
    "kuaishou_cohost": {
        "platform": "kuaishou",
        "title": "Co-host live with PK battles (直播PK连麦)",
        "description": "Two streamers join one live stream with video co-hosting and PK "
        "battles; the audiences of both rooms see and hear both co-hosts and can send gifts.",
        "trigger": "new_technology",
        "launch_in": 30,
        "flags": [],
        "answers": {
            "A2": "Co-hosting joins the audiences of two streams, so one host's speech reaches "
            "another host's followers without their choosing it.",
            "F3": 2,
            "F4": "Co-hosting invitations only between streamers with real-name verification "
            "and no violation in the last 90 days.",
        },
    },
    "feichuan_voice_rooms": {
        "platform": "feichuan",
        "title": "Feichuan invite-only voice rooms (飞船语音房间)",
        "description": "Feichuan, a new stand-alone app: users join with an invitation code "
        "and talk in topic voice rooms of up to 300 listeners; speakers are invited on stage "
        "by the room host.",
        "trigger": "authority_notice",
        "event_wd_ago": 36,  # the summons: the 30-working-day deadline has passed
        "launch_in": -640,
        "flags": [],
        "answers": {
            "A2": "Voice rooms gather up to 300 listeners live around any topic; invitation "
            "codes let a community grow quickly outside the main app's controls.",
            "F3": 300,
            "F4": "Each verified user receives three invitation codes a month.",
        },
    },
    "mitalk_audio_rooms": {
        "platform": "mitalk",
        "title": "Mi Talk relaunch as professional audio rooms (米聊专业音频房间)",
        "description": "Mi Talk returns as audio rooms hosted by verified professionals "
        "(doctors, lawyers, engineers) for moderated talks of up to 500 listeners; no "
        "invitation is needed to listen.",
        "trigger": "launch",
        "launch_in": 35,
        "flags": [],
        "answers": {
            "A2": "Anyone can listen to live talks of up to 500 people; hosts speak as "
            "credentialled professionals, which lends their statements authority.",
            "F3": 500,
            "F4": "Only hosts whose professional credentials were verified can open a room; "
            "listeners need no invitation.",
        },
    },
    "ximalaya_ai_podcast": {
        "platform": "ximalaya",
        "title": "AI news podcast in a cloned host voice (AI克隆主播声音播客)",
        "description": "A daily news-digest podcast read by a voice model cloned, with her "
        "written consent, from one of Ximalaya's hosts; editors write the scripts with help "
        "from a large language model.",
        "trigger": "user_growth",
        "event_wd_ago": 30,
        "launch_in": -300,
        "flags": ["is_deep_synthesis", "edits_voices", "is_generative_ai"],
        "answers": {
            "A2": "A news programme in a real host's voice reaches 9 million listeners a day; "
            "listeners may take generated speech for the host's own words.",
            "I1": "voice",
            "I2": "The host signed a separate written consent for this programme only; the "
            "contract lets her withdraw it with 30 days' notice.",
            "I7": "120 hours of the host's own studio recordings, used under her contract.",
        },
        "algorithm": {
            "K1": "喜马拉雅主播声音克隆合成算法 (Ximalaya host voice-clone synthesis algorithm)",
            "K2": "generation_synthesis",
            "K4": "A neural text-to-speech model fine-tuned on one consenting host's "
            "recordings reads scripts approved by editors.",
            "K6": "The algorithm reads edited news scripts in a synthetic voice modelled on a "
            "consenting host; every episode says so at the start.",
        },
    },
    "netease_voice_live": {
        "platform": "netease_music",
        "title": "Voice live rooms (云音乐语音直播间)",
        "description": "Listeners open voice-only live rooms to chat about music with up to "
        "eight speakers on mic and unlimited listeners; gifts and fan groups included.",
        "trigger": "user_growth",
        "event_wd_ago": 32,
        "launch_in": -540,
        "flags": [],
        "answers": {
            "A2": "Any user can open a room that unlimited listeners join; fan groups are "
            "notified when a room opens.",
            "B3": "Reviewers work 09:00-24:00; rooms are not patrolled at night.",
            "E4": "Speech recognition covers rooms with more than 500 listeners; smaller "
            "rooms are checked when reported.",
            "F3": 8,
            "J1": "E4: rooms under 500 listeners are not monitored in real time (medium). "
            "B3: no night shift (medium).",
            "J3": "medium",
        },
    },
    "inke_party_rooms": {
        "platform": "inke",
        "title": "Multi-user voice party rooms (多人语音派对房)",
        "description": "Up to nine users on mic in a party room with games, gifts and "
        "background music; rooms are public and promoted on the home feed.",
        "trigger": "user_growth",
        "event_wd_ago": 40,  # filed on time, 32 working days ago (see _inke_party_rooms)
        "launch_in": -380,
        "flags": ["is_recommendation"],
        "answers": {
            "A2": "Party rooms grew from 14.6 to 21.2 million monthly users in half a year; "
            "rooms promoted on the home feed gather thousands of listeners.",
            "F3": 9,
            "F4": "Party-room invitations go to followers only, at most 50 a day.",
        },
        "algorithm": {
            "K1": "映客派对房首页推荐算法 (Inke party-room home-feed recommendation algorithm)",
            "K2": "personalised_push",
            "K4": "A ranking model orders public party rooms on the home feed by the "
            "listener's interests, the room's activity and its moderation record; rooms "
            "flagged by moderators are never promoted.",
            "K6": "The algorithm recommends public party rooms on the home feed from the "
            "listener's interests and the rooms' activity; personalised recommendations can "
            "be switched off in Settings.",
        },
    },
    "quyan_live_face_swap": {
        "platform": "tt_voice",
        "title": "Live face swap for streamers (直播实时换脸)",
        "description": "Streamers on TT Voice's live channel swap their face in real time for "
        "a licensed virtual face or a look-alike template while they broadcast.",
        "trigger": "authority_notice",
        "event_wd_ago": 40,  # the summons
        "launch_in": -200,
        "flags": ["is_deep_synthesis", "edits_faces"],
        "answers": {
            "A2": "Streamers can appear live with another person's face to audiences of tens "
            "of thousands; look-alike templates resembled public figures.",
            "I1": "face",
            "I2": "Virtual faces are licensed from their models, who signed separate consents; "
            "look-alike templates have been withdrawn.",
            "J1": "I2: look-alike templates resembled real people without their consent "
            "(high). I4: the label disappeared in full-screen mode (medium).",
            "J2": "Look-alike templates withdrawn; label redrawn on every frame. Evidence "
            "attached.",
            "J3": "medium",
            "J4": "compliant_after_rectification",
        },
        "algorithm": {
            "K1": "TT语音直播实时换脸算法 (TT Voice live face-swap algorithm)",
            "K2": "generation_synthesis",
            "K4": "A real-time face re-enactment model replaces the streamer's face with a "
            "licensed virtual face on the device; templates are distributed by the server.",
            "K6": "The algorithm replaces a streamer's face with a licensed virtual face in "
            "live streams; the stream is labelled throughout.",
        },
    },
}

# Names for the evidence attached to each question that needs it.
EVIDENCE_NAMES = {
    "A8": ("licences-and-filings.pdf", Evidence.Classification.PUBLIC),
    "B4": ("security-organisation-chart.pdf", Evidence.Classification.CONFIDENTIAL),
    "D2": ("log-field-specification-and-sample.pdf", Evidence.Classification.PERSONAL_DATA),
    "E1": ("content-review-rules.pdf", Evidence.Classification.CONFIDENTIAL),
    "G1": ("complaint-channels-screenshots.pdf", Evidence.Classification.PUBLIC),
    "I2": ("separate-consent-screens.pdf", Evidence.Classification.PERSONAL_DATA),
    "I3": ("model-security-assessment-report.pdf", Evidence.Classification.CONFIDENTIAL),
    "I4": ("visible-label-samples.pdf", Evidence.Classification.CONFIDENTIAL),
    "J2": ("rectification-evidence.pdf", Evidence.Classification.CONFIDENTIAL),
    "J6": ("signature-page-sealed.pdf", Evidence.Classification.CONFIDENTIAL),
    "K5": ("algorithm-self-assessment-report.pdf", Evidence.Classification.CONFIDENTIAL),
}
# Answers rated above "no risk": the rest are rated "none".
RISK_RATINGS = {"J1": Answer.Rating.LOW, "E4": Answer.Rating.LOW, "F3": Answer.Rating.LOW}
