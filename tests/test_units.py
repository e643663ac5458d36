"""Units across documents: a printed name resolved to one real-world unit (its level,
region and sector) from the name and the document's own words; ambiguity recorded, never
guessed; the units table, its facets and its page; comparisons by region and sector in
Datasette and in the question app."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3

import pytest

from kb.units import resolve
from kb.units.members import text_to_members


@pytest.mark.parametrize(
    ("name", "year", "place"),
    [
        ("中共吉林市委办公室", 2022, ("市", "吉林省", "吉林市", None, None, "党委办公厅（室）")),
        ("吉林市政务信息中心", 2022, ("市", "吉林省", "吉林市", None, None, "政务服务/大数据")),
        (
            "昌吉州人民政府电子政务办公室",
            2022,
            ("市", "新疆维吾尔自治区", "昌吉回族自治州", None, None, "政务服务/大数据"),
        ),
        (
            "上海市普陀区人民政府万里街道办事处",
            2024,
            ("乡镇街道", "上海市", "上海市", "普陀区", "万里街道", "基层政权（街道乡镇）"),
        ),
        (
            "临江市政务服务和数字化建设管理局",
            2021,
            ("区县", "吉林省", "白山市", "临江市", None, "政务服务/大数据"),
        ),
        ("长沙市公安局", 2026, ("市", "湖南省", "长沙市", None, None, "公安")),
        ("佛山市交通运输局", 2026, ("市", "广东省", "佛山市", None, None, "交通运输")),
        ("国家信访局", 2024, ("中央", None, None, None, None, "信访")),
        ("上海市财政局", 2025, ("省", "上海市", "上海市", None, None, "财政")),
        (
            "中国共产党江苏省委员会办公厅",
            None,
            ("省", "江苏省", None, None, None, "党委办公厅（室）"),
        ),
    ],
)
def test_a_printed_name_is_placed_from_its_own_words(name, year, place):
    unit = resolve(name, year)
    assert unit.status == "resolved", unit.basis
    found = (unit.level, unit.province, unit.city, unit.district, unit.town, unit.sector.name)
    assert found == place


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["中共吉林市委办公室", "吉林市委办公室", "中国共产党吉林市委员会办公室"],
            "220200|中共委办公室",
        ),
        (["江苏省政协办公厅", "政协江苏省委员会办公厅"], "320000|政协办公厅"),
        (["无锡市发展和改革委员会", "无锡市发展和改革委员会（本级）"], "320200|发展和改革委员会"),
    ],
)
def test_names_of_one_unit_are_one_unit(names, key):
    units = [resolve(n) for n in names]
    assert {u.key for u in units} == {key}
    assert len({u.id for u in units}) == 1


def test_a_name_that_fits_two_places_is_recorded_not_guessed():
    unit = resolve("普陀区司法局")
    assert unit.status == "ambiguous"
    assert (unit.province, unit.city, unit.district) == (None, None, "普陀区")
    assert unit.candidates == ["上海市/普陀区", "浙江省/舟山市/普陀区"]
    assert unit.key == "?普陀区|司法局"
    # the document's own words settle it
    settled = resolve("普陀区司法局", 2024, "上海市普陀区司法局2024年度部门决算")
    assert (settled.status, settled.province, settled.division_code) == (
        "resolved",
        "上海市",
        "310107",
    )
    assert "the document names 上海市/普陀区" in settled.basis


def test_the_year_settles_a_name_that_moved():
    # 重庆's 江北区 was merged into 两江新区 in 2025: in 2019 the name fits two places
    assert resolve("江北区财政局", 2019).candidates == ["浙江省/宁波市/江北区", "重庆市/江北区"]
    assert resolve("江北区财政局", 2026).province == "浙江省"


def test_a_name_without_a_region_is_unresolved():
    unit = resolve("新疆生产建设兵团财政局")
    assert unit.status in ("unresolved", "ambiguous") or unit.province == "新疆维吾尔自治区"
    assert resolve("某某学校").status == "unresolved"


def test_a_department_lists_its_units():
    text = (
        "2.从预算单位构成看，纳入本部门2025年部门汇总预算编制范围的预算单位共计4家，具体包括："
        "无锡市发展和改革委员会（本级），无锡市发展改革研究中心，无锡市价格监测认定中心，无锡市重点项目服务中心。"
    )
    assert text_to_members(text) == [
        "无锡市发展和改革委员会（本级）",
        "无锡市发展改革研究中心",
        "无锡市价格监测认定中心",
        "无锡市重点项目服务中心",
    ]
    numbered = (
        "纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括：序号单位名称备注"
        "1上海市普陀区财政局（本级）2上海市普陀区财政局财政所预算不单列，并入本级"
        "3上海市普陀区国库收付中心预算不单列，并入本级第二部分"
    )
    assert text_to_members(numbered) == [
        "上海市普陀区财政局（本级）",
        "上海市普陀区财政局财政所",
        "上海市普陀区国库收付中心",
    ]


# --- the units table of the sample corpus ----------------------------------------------------


def test_every_sample_document_has_its_unit(corpus_db):
    rows = corpus_db.execute(
        "select u.name, u.level, u.province, u.city, u.district, u.sector, u.status, u.document_count"
        " from units u order by u.name"
    ).fetchall()
    assert sorted(rows) == [
        ("中共吉林市委办公室", "市", "吉林省", "吉林市", None, "党委办公厅（室）", "resolved", 1),
        (
            "临江市政务服务和数字化建设管理局",
            "区县",
            "吉林省",
            "白山市",
            "临江市",
            "政务服务/大数据",
            "resolved",
            1,
        ),
        ("吉林市政务信息中心", "市", "吉林省", "吉林市", None, "政务服务/大数据", "resolved", 1),
        (
            "吉林省政务服务和数字化建设服务中心",
            "省",
            "吉林省",
            None,
            None,
            "政务服务/大数据",
            "resolved",
            1,
        ),
        (
            "昌吉州人民政府电子政务办公室",
            "市",
            "新疆维吾尔自治区",
            "昌吉回族自治州",
            None,
            "政务服务/大数据",
            "resolved",
            1,
        ),
    ]
    # documents, facts and checks carry the unit and its place
    assert corpus_db.execute(
        "select count(*) from facts f join documents d on d.id = f.document_id"
        " where f.unit_id is not d.unit_id or f.province is not d.province or f.sector is not d.sector"
    ).fetchone() == (0,)
    assert corpus_db.execute(
        "select count(*) from checks c join documents d on d.id = c.document_id"
        " where c.unit_id is not d.unit_id or c.city is not d.city"
    ).fetchone() == (0,)
    by_city = dict(corpus_db.execute("select city, count(*) from facts group by city").fetchall())
    assert sum(by_city.values()) == corpus_db["facts"].count
    assert set(by_city) == {"吉林市", "白山市", "昌吉回族自治州", None}


def test_unit_ids_are_the_same_in_every_build(corpus_db):
    (unit_id,) = corpus_db.execute(
        "select id from units where name = '中共吉林市委办公室'"
    ).fetchone()
    assert unit_id == resolve("吉林市委办公室").id
    aliases = corpus_db.execute(
        "select alias from unit_aliases where unit_id = ?", [unit_id]
    ).fetchall()
    assert aliases == [("中共吉林市委办公室",)]
    assert json.loads(
        corpus_db.execute("select basis from units where id = ?", [unit_id]).fetchone()[0]
    ) == ["吉林市 → 吉林省/吉林市"]


# --- the twelve published PDFs: parents, comparisons, the unit page -------------------------


@pytest.fixture(scope="module")
def pdf_units(shared_pdfs) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{shared_pdfs.db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    units = {row["name"]: dict(row) for row in conn.execute("select * from units")}
    conn.close()
    return units


def test_a_department_is_the_parent_of_the_units_its_document_lists(pdf_units):
    children = {
        name: unit["parent_name"]
        for name, unit in pdf_units.items()
        if unit["parent_id"] is not None
    }
    assert children == {
        **dict.fromkeys(
            ["无锡市发展改革研究中心", "无锡市价格监测认定中心", "无锡市重点项目服务中心"],
            "无锡市发展和改革委员会",
        ),
        "中共西安市委讲师团": "中共西安市委宣传部",
        **dict.fromkeys(
            [
                "上海市普陀区规划和自然资源局执法大队",
                "上海市普陀区土地发展中心",
                "上海市普陀区自然资源确权登记事务中心",
                "上海市普陀区规划和自然资源管理事务中心",
            ],
            "上海市普陀区规划和自然资源局",
        ),
        **dict.fromkeys(["南京铁路运输检察院", "徐州铁路运输检察院"], "江苏省人民检察院"),
        **dict.fromkeys(
            [
                "西安市社会保险管理中心",
                "西安市人才服务中心",
                "西安市人事考试中心",
                "西安市留学人员与专家服务中心",
                "西安市就业服务中心",
                "西安市劳动保障监察支队",
                "西安市人力资源和社会保障局信息中心",
                "西安市劳动能力鉴定中心",
                "西安市技工学校",
                "西安市职业介绍服务中心",
                "西安市职业技能鉴定指导中心",
                "西安市劳动人事争议仲裁院",
            ],
            "西安市人力资源和社会保障局",
        ),
    }
    assert {n for n, u in pdf_units.items() if u["document_count"] == 0} == set(children)
    assert (
        pdf_units["无锡市发展改革研究中心"]["parent_id"]
        == pdf_units["无锡市发展和改革委员会"]["id"]
    )
    assert pdf_units["南京铁路运输检察院"]["status"] == "unresolved"  # no region at its start
    assert (pdf_units["国家信访局"]["level"], pdf_units["国家信访局"]["sector"]) == ("中央", "信访")


@pytest.fixture(scope="module")
def pdf_site(shared_pdfs):
    from datasette.app import Datasette

    from kb.web.serve import datasette_options

    loop = asyncio.new_event_loop()
    ds = Datasette(immutables=[str(shared_pdfs.db_path)], **datasette_options())
    loop.run_until_complete(ds.invoke_startup())

    def get(path: str, status: int = 200):
        response = loop.run_until_complete(ds.client.get(path))
        assert response.status_code == status, (path, response.text[:500])
        return response

    yield get
    loop.close()


def test_datasette_compares_like_with_like_across_documents(pdf_site):
    reception = "item_key=公务接待费&statement=三公经费表"
    facets = pdf_site(f"/pdf/facts.json?{reception}&_size=0").json()["facet_results"]
    by_province = {r["value"]: r["count"] for r in facets["province"]["results"]}
    assert by_province == {"陕西省": 56, "上海市": 4, "江苏省": 3, "湖南省": 2, "广东省": 2}
    police = pdf_site(
        "/pdf/facts.json?sector=公安&item_key=公务用车购置及运行费&measure=预算数&_shape=array"
    ).json()
    assert {(f["unit"], f["city"], f["amount"]) for f in police} == {
        ("长沙市公安局", "长沙市", 400.0)
    }
    units = pdf_site("/pdf/units.json?_size=0").json()["facet_results"]
    assert {r["value"]: r["count"] for r in units["level"]["results"]}["中央"] == 1
    # facts facet by level and city on request; checks by default
    facts = pdf_site("/pdf/facts.json?_facet=level&_facet=city&_size=0").json()["facet_results"]
    central = {r["value"]: r["count"] for r in facts["level"]["results"]}["中央"]
    assert (
        central
        == pdf_site("/pdf/facts.json?unit=国家信访局&_size=0").json()["filtered_table_rows_count"]
    )
    checks = pdf_site("/pdf/checks.json?_size=0").json()["facet_results"]
    assert {"level", "province", "city", "sector"} <= set(checks)
    assert {r["value"] for r in checks["city"]["results"]} >= {"西安市", "无锡市", "长沙市"}


def test_the_unit_page_shows_a_department_over_time(pdf_site, pdf_units):
    unit = pdf_units["无锡市发展和改革委员会"]
    html = pdf_site(f"/pdf/-/unit/{unit['id']}").text
    assert "<h1>无锡市发展和改革委员会</h1>" in html
    assert "江苏省 · 无锡市" in html and "发展和改革" in html
    for child in ("无锡市发展改革研究中心", "无锡市价格监测认定中心", "无锡市重点项目服务中心"):
        assert child in html
    figures = re.search(
        r'<table class="rows-and-columns kb-unit-figures">(.*?)</table>', html, re.S
    )
    cells = re.findall(r"<td[^>]*>(.*?)</td>", figures[1], re.S)
    texts = [re.sub(r"<[^>]+>|\s+", "", c) for c in cells]
    assert texts[:3] == ["2025", "预算（部门）", "38.27"]
    child = pdf_units["无锡市发展改革研究中心"]
    child_page = pdf_site(f"/pdf/-/unit/{child['id']}").text
    assert f'href="/pdf/-/unit/{unit["id"]}"' in child_page
    assert "知识库中没有该单位自己的文件" in child_page
    pdf_site("/pdf/-/unit/123", status=404)
    # every unit_id cell links to its unit's page
    documents = pdf_site("/pdf/documents?unit=无锡市发展和改革委员会").text
    assert f'href="/pdf/-/unit/{unit["id"]}"' in documents


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        # a place means its own government: 上海市's departments, 普陀区's and its 街道
        ("上海市各部门三公经费", [("上海市", "上海市", "上海市财政局", 2025, 346.3)]),
        (
            "普陀区各单位三公经费",
            [
                ("上海市", "上海市", "上海市普陀区人民政府万里街道办事处", 2023, 22.91),
                ("上海市", "上海市", "上海市普陀区规划和自然资源局", 2024, 0.39),
            ],
        ),
        (
            "各城市公安局2025年公务用车购置及运行费",
            [("湖南省", "长沙市", "公安", "长沙市公安局", 2025, 400.0)],
        ),
        (
            "公安局 公务用车购置及运行费 by city",
            [("湖南省", "长沙市", "公安", "长沙市公安局", 2025, 400.0)],
        ),
        (
            "西安市各部门公务接待费",
            [
                ("陕西省", "西安市", "中共西安市委宣传部", 2021, 6.51),
                ("陕西省", "西安市", "西安市人力资源和社会保障局", 2020, 3.3),
                ("陕西省", "西安市", "西安市卫生健康委员会", 2022, 0.11),
            ],
        ),
        ("国家信访局历年三公经费", [("国家信访局", 2024, 46.21)]),
    ],
)
def test_questions_group_and_filter_by_region_and_sector(shared_pdfs, question, rows):
    from kb.ask import ask
    from kb.store.connect import connect_readonly

    conn = connect_readonly(shared_pdfs.db_path)
    try:
        answer = ask(conn, question, db_path=str(shared_pdfs.db_path))
    finally:
        conn.close()
    assert answer.status == 200, answer.interpretation.description
    columns = answer.columns
    wanted = [c for c in ("province", "city", "sector", "unit", "year", "amount") if c in columns]
    assert [tuple(r[columns.index(c)] for c in wanted) for r in answer.rows] == rows


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("北京市各部门三公经费", "知识库中没有北京市的单位"),
        ("上海市公安局三公经费", "知识库中没有上海市公安局（上海市且公安局）的单位"),
    ],
)
def test_a_place_without_units_is_said_not_substituted(shared_pdfs, question, says):
    from kb.ask import ask
    from kb.store.connect import connect_readonly

    conn = connect_readonly(shared_pdfs.db_path)
    try:
        answer = ask(conn, question, db_path=str(shared_pdfs.db_path))
    finally:
        conn.close()
    assert answer.rows == [] and answer.status == 422
    assert answer.interpretation.description.startswith(says)
