"""Reference data on who regulates (the CAC and public-security offices of each province and
city) and who is regulated (districts, brand syllables, company words, people's names).
"""

from __future__ import annotations

from typing import Any

from platforms.models import (
    Authority,
    Platform,
)

# --- Who regulates --------------------------------------------------------------------------
# (key, zh, en, region code, municipality): a CAC and a public-security office each.
_PROVINCES = [
    ("beijing", "北京", "Beijing", "110000", True),
    ("tianjin", "天津", "Tianjin", "120000", True),
    ("shanghai", "上海", "Shanghai", "310000", True),
    ("chongqing", "重庆", "Chongqing", "500000", True),
    ("jiangsu", "江苏", "Jiangsu", "320000", False),
    ("zhejiang", "浙江", "Zhejiang", "330000", False),
    ("anhui", "安徽", "Anhui", "340000", False),
    ("fujian", "福建", "Fujian", "350000", False),
    ("shandong", "山东", "Shandong", "370000", False),
    ("hubei", "湖北", "Hubei", "420000", False),
    ("guangdong", "广东", "Guangdong", "440000", False),
    ("sichuan", "四川", "Sichuan", "510000", False),
]
# City offices: operators registered there file with them, not the province.
_CITIES = [
    ("shenzhen", "深圳", "Shenzhen", "440300", True),
    ("hangzhou", "杭州", "Hangzhou", "330100", True),
    ("chengdu", "成都", "Chengdu", "510100", False),  # the city CAC only
]


def _authority_rows() -> list[dict[str, Any]]:
    cac, psb = Authority.Kind.CAC, Authority.Kind.PUBLIC_SECURITY
    rows = [
        {
            "key": "national_cac",
            "name_zh": "国家互联网信息办公室",
            "name_en": "Cyberspace Administration of China",
            "kind": cac,
            "level": Authority.Level.NATIONAL,
            "region_code": "100000",
        }
    ]
    for key, zh, en, region, municipality in _PROVINCES:
        unit_zh, unit_en = ("市", "Municipal") if municipality else ("省", "Provincial")
        rows.append(
            {
                "key": f"{key}_cac",
                "name_zh": f"{zh}{unit_zh}互联网信息办公室",
                "name_en": f"{en} {unit_en} Cyberspace Administration",
                "kind": cac,
                "level": Authority.Level.PROVINCIAL,
                "region_code": region,
            }
        )
        rows.append(
            {
                "key": f"{key}_psb",
                "name_zh": f"{zh}市公安局" if municipality else f"{zh}省公安厅",
                "name_en": f"{en} Municipal Public Security Bureau"
                if municipality
                else f"{en} Provincial Public Security Department",
                "kind": psb,
                "level": Authority.Level.PROVINCIAL,
                "region_code": region,
            }
        )
    for key, zh, en, region, with_psb in _CITIES:
        rows.append(
            {
                "key": f"{key}_cac",
                "name_zh": f"{zh}市互联网信息办公室",
                "name_en": f"{en} Municipal Cyberspace Administration",
                "kind": cac,
                "level": Authority.Level.CITY,
                "region_code": region,
            }
        )
        if with_psb:
            rows.append(
                {
                    "key": f"{key}_psb",
                    "name_zh": f"{zh}市公安局",
                    "name_en": f"{en} Municipal Public Security Bureau",
                    "kind": psb,
                    "level": Authority.Level.CITY,
                    "region_code": region,
                }
            )
    for row in rows:
        row["email"] = f"filings@{row['key'].replace('_', '-')}.gov.example"
    return rows


AUTHORITIES = _authority_rows()

# --- Who is regulated -----------------------------------------------------------------------
# District codes where operators are registered, with the city's name, per province.
_DISTRICTS: dict[str, list[tuple[str, str, str]]] = {
    "110000": [
        (code, "北京", "Beijing")
        for code in ("110101", "110102", "110105", "110106", "110108", "110112", "110114")
    ],
    "120000": [(code, "天津", "Tianjin") for code in ("120101", "120104", "120116")],
    "310000": [(code, "上海", "Shanghai") for code in ("310104", "310105", "310110", "310115")],
    "500000": [(code, "重庆", "Chongqing") for code in ("500103", "500105", "500112")],
    "320000": [
        ("320106", "南京", "Nanjing"),
        ("320115", "南京", "Nanjing"),
        ("320505", "苏州", "Suzhou"),
        ("320214", "无锡", "Wuxi"),
    ],
    "330000": [
        ("330106", "杭州", "Hangzhou"),
        ("330108", "杭州", "Hangzhou"),
        ("330110", "杭州", "Hangzhou"),
        ("330203", "宁波", "Ningbo"),
    ],
    "340000": [("340104", "合肥", "Hefei"), ("340111", "合肥", "Hefei")],
    "350000": [("350102", "福州", "Fuzhou"), ("350203", "厦门", "Xiamen")],
    "370000": [("370102", "济南", "Jinan"), ("370212", "青岛", "Qingdao")],
    "420000": [("420106", "武汉", "Wuhan"), ("420111", "武汉", "Wuhan")],
    "440000": [
        ("440106", "广州", "Guangzhou"),
        ("440305", "深圳", "Shenzhen"),
        ("440304", "深圳", "Shenzhen"),
        ("440306", "深圳", "Shenzhen"),
        ("441900", "东莞", "Dongguan"),
    ],
    "510000": [("510104", "成都", "Chengdu"), ("510107", "成都", "Chengdu")],
}
# Where the operators outside Beijing are, by weight.
_PROVINCE_WEIGHTS = {
    "310000": 22,
    "440000": 24,
    "330000": 16,
    "320000": 9,
    "510000": 6,
    "420000": 5,
    "350000": 5,
    "370000": 4,
    "120000": 3,
    "340000": 3,
    "500000": 3,
}
# Brand syllables, in characters and in pinyin.
_PINYIN = [
    "Xing", "Yun", "Guang", "Hai", "Qing", "Lan", "Jing", "Lu", "Huo", "Shan",
    "Feng", "Ji", "Le", "Qu", "Sheng", "Ying", "Ting", "Liao", "Bo", "Yu",
    "Yue", "Hua", "Xiang", "Mang", "Guo", "Mai", "Mi", "Dou", "Mu", "He",
]  # fmt: skip
_SYLLABLES = list(
    zip("星云光海青蓝鲸鹿火山风极乐趣声影听聊播语悦画象芒果麦米豆木禾", _PINYIN, strict=True)
)
_COMPANY = [
    ("网络科技有限公司", "Network Technology Co., Ltd."),
    ("信息技术有限公司", "Information Technology Co., Ltd."),
    ("科技有限公司", "Technology Co., Ltd."),
    ("文化传媒有限公司", "Culture Media Co., Ltd."),
    ("互动娱乐有限公司", "Interactive Entertainment Co., Ltd."),
]
_PRODUCTS = [
    ("直播", "Live", ["live", "chat_room"]),
    ("语音", "Voice", ["voice_room", "group"]),
    ("社区", "Community", ["forum", "group"]),
    ("短视频", "Clips", ["short_video", "live"]),
    ("圈子", "Circles", ["group", "chat_room"]),
    ("播客", "Podcasts", ["public_account"]),
    ("K歌", "Karaoke", ["voice_room", "live"]),
    ("聊天室", "Chat", ["chat_room"]),
    ("问答", "Answers", ["forum"]),
    ("相机", "Camera", ["deep_synthesis", "short_video"]),
    ("剪辑", "Editor", ["deep_synthesis"]),
    ("小程序", "Mini", ["mini_program"]),
]
_FORMS = [
    (Platform.Form.APP, 60),
    (Platform.Form.WEBSITE, 15),
    (Platform.Form.MINI_PROGRAM, 15),
    (Platform.Form.ACCOUNT, 6),
    (Platform.Form.API, 4),
]
_SURNAMES = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
    "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
]  # fmt: skip
_GIVEN = [
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang",
    "Yan", "Jie", "Tao", "Ming", "Chao", "Xiu", "Hui", "Ping", "Gang", "Ying",
]  # fmt: skip
