"""Sector classification of Chinese government units: a maintained list (prototype).

Each sector: id, Chinese name, English label, function class (政府收支分类科目 功能分类 类/款 the
sector's spending mostly falls under: verify against the year's 科目 before relying on it), and
patterns searched, in order, in the unit's *organ part* (the name with 中共 and the region chain
removed) and, failing that, in the whole normalised name.  Order matters: the first match wins,
so specific organs (电子政务办公室, 人大常委会办公厅, 街道办事处) precede generic ones (办公室).

It writes kb/data/sectors.csv (``python tools/sectors_source.py kb/data/sectors.csv``); the
product reads only the CSV, and classifies with kb/units/sectors.py.
"""
from __future__ import annotations

import csv
import sys

# id, 中文, English, function class, patterns (regex, searched; anchors where they matter)
SECTORS: list[tuple[str, str, str, str, list[str]]] = [
    # 基层政权 and legislature / CPPCC / judiciary first: their names contain 办公厅/委员会.
    ("grassroots", "基层政权（街道乡镇）", "Sub-district / township government", "201 (20103)",
     [r"街道办事处$", r"街道办$", r"(?:镇|乡|苏木)人民政府$", r"(?:镇|乡)政府$", r"街道$"]),
    ("npc", "人大", "People's Congress", "201 (20101)", [r"人大", r"人民代表大会"]),
    ("cppcc", "政协", "CPPCC", "201 (20102)", [r"政协", r"政治协商会议"]),
    ("court", "法院", "Courts", "204 (20405)", [r"法院$", r"人民法庭$"]),
    ("procuratorate", "检察院", "Procuratorate", "204 (20404)", [r"检察院$", r"检察分院$"]),
    ("discipline", "纪检监察", "Discipline inspection & supervision", "201 (20111)",
     [r"纪律检查委员会", r"纪委", r"监察委员会", r"监委"]),
    # Party organs (organ part after 中共 + region)
    ("party_office", "党委办公厅（室）", "Party committee general office", "201 (20131)",
     [r"^(?:党)?委(?:员会)?办公[厅室]$", r"^委(?:员会)?$"]),
    ("organisation", "组织", "Party organisation department", "201 (20132)", [r"组织部$"]),
    ("publicity", "宣传", "Party publicity department", "201 (20133)", [r"宣传部$", r"文明办$", r"精神文明建设"]),
    ("united_front", "统战", "United front work", "201 (20134)", [r"统战部$", r"统一战线工作部$"]),
    ("political_legal", "政法", "Political & legal affairs commission", "204 (20499)", [r"政法委员会$", r"政法委$"]),
    ("staffing", "机构编制", "Staffing commission office", "201 (20131)", [r"机构编制委员会办公室$", r"编办$"]),
    ("social_work", "社会工作", "Party social work department", "201 (20136)", [r"社会工作部$", r"社工部$"]),
    ("cyberspace", "网信", "Cyberspace affairs", "201 (20137)", [r"网络安全和信息化委员会办公室$", r"网信办$"]),
    ("party_school", "党校", "Party school", "201 (20136)", [r"党校$", r"行政学院$"]),
    ("veteran_cadres", "老干部", "Retired cadres bureau", "201 (20132)", [r"老干部局$", r"老干部工作"]),
    ("organ_work", "机关工委", "Organ work committee", "201 (20136)", [r"直属机关工作委员会$", r"机关工委$"]),
    ("party_history", "党史档案", "Party history, archives & gazetteers", "201 (20126)",
     [r"党史", r"档案", r"史志", r"地方志"]),
    ("higher_education", "高校", "Higher education institution", "205 (2050205)",
     [r"大学$", r"学院$", r"高等专科学校$", r"职业技术学院$"]),
    # Government: services & data before general office (昌吉州人民政府电子政务办公室)
    ("gov_services_data", "政务服务/大数据", "Government services & data", "201 (20103)",
     [r"政务服务", r"大数据", r"数据(?:资源)?(?:管理)?局$", r"电子政务", r"政务信息", r"政务数据",
      r"数字(?:化|政府)", r"行政审批", r"营商环境", r"公共资源交易", r"12345", r"热线"]),
    ("petition", "信访", "Petitions & visits", "201 (20103, 2010308)", [r"信访"]),
    ("gov_office", "政府办公厅（室）", "Government general office", "201 (20103)",
     [r"^(?:人民)?政府办公[厅室]$", r"^人民政府$", r"^政府$", r"^国务院办公厅$"]),
    ("development_reform", "发展和改革", "Development & reform", "201 (20104)",
     [r"发展(?:和)?改革", r"发改", r"物价局$", r"价格监测"]),
    ("statistics", "统计", "Statistics", "201 (20105)", [r"统计(?:局|厅)$", r"调查(?:总)?队$", r"统计"]),
    ("finance", "财政", "Finance", "201 (20106)", [r"财政", r"国库"]),
    ("taxation", "税务", "Taxation", "201 (20107)", [r"税务"]),
    ("audit", "审计", "Audit", "201 (20108)", [r"审计"]),
    ("customs", "海关", "Customs", "201 (20109)", [r"海关"]),
    ("commerce", "商务", "Commerce", "201 (20113)", [r"商务", r"口岸", r"招商", r"投资促进", r"贸促"]),
    ("market_regulation", "市场监管", "Market regulation", "201 (20138)",
     [r"市场监督管理", r"市场监管", r"知识产权", r"药品监督", r"食品药品", r"质量技术监督", r"工商行政"]),
    ("ethnic_religious", "民族宗教", "Ethnic & religious affairs", "201 (20123)", [r"民族", r"宗教"]),
    ("foreign_hkmt", "外事港澳台侨", "Foreign, HK/Macao/Taiwan & overseas Chinese affairs", "201 (20125)",
     [r"外事", r"外办", r"港澳", r"台湾事务", r"台办", r"侨务"]),
    ("mass_org", "群团", "Mass organisations", "201 (20129)",
     [r"总工会", r"工会", r"共青团", r"团(?:省|市|区|县|州)委", r"妇女联合会", r"妇联", r"科学技术协会", r"科协",
      r"残疾人联合会", r"残联", r"文学艺术界联合会", r"文联", r"侨联", r"红十字会", r"工商业联合会", r"工商联",
      r"社会科学界联合会", r"社科联", r"作家协会"]),
    ("gov_affairs_admin", "机关事务", "Government offices administration", "201 (20103)",
     [r"机关事务", r"接待办", r"接待处"]),
    ("confidential", "保密机要", "Secrecy & confidential communications", "201 (20131)", [r"保密", r"机要", r"密码"]),
    # 204 public security & justice
    ("public_security", "公安", "Public security", "204 (20402)",
     [r"公安", r"交通警察", r"交警", r"派出所$", r"看守所$", r"出入境边防"]),
    ("justice", "司法", "Justice", "204 (20406)", [r"司法(?:局|厅|部)$", r"司法", r"监狱", r"戒毒", r"公证处$", r"法律援助"]),
    ("state_security", "国家安全", "State security", "204", [r"国家安全(?:局|厅)$"]),
    # 205 education
    ("education", "教育", "Education", "205",
     [r"教育(?:局|厅|部|委员会)$", r"教委$", r"教育", r"学校$", r"中学$", r"小学$", r"幼儿园$", r"招生考试", r"教研"]),
    ("science_tech", "科技", "Science & technology", "206", [r"科学技术(?:局|厅|部|委员会)$", r"科技(?:局|厅)$", r"科学技术", r"科学院$"]),
    ("culture_tourism", "文化旅游广电体育", "Culture, tourism, media & sport", "207",
     [r"文化", r"旅游", r"文旅", r"广播电视", r"广电", r"文物", r"博物馆$", r"图书馆$", r"体育", r"融媒体", r"新闻出版"]),
    # 208 social security
    ("human_resources", "人力资源和社会保障", "Human resources & social security", "208 (20801)",
     [r"人力资源和社会保障", r"人力资源社会保障", r"人社", r"社会保险", r"社保", r"就业", r"劳动"]),
    ("civil_affairs", "民政", "Civil affairs", "208 (20802)", [r"(?<!人)民政", r"殡葬", r"福利院$", r"救助站$", r"社会福利"]),
    ("veterans", "退役军人", "Veterans affairs", "208 (20828)", [r"退役军人", r"军休", r"双拥"]),
    # 210 health
    ("health", "卫生健康", "Health", "210 (21001)",
     [r"卫生健康", r"卫健", r"卫生和计划生育", r"卫计", r"疾病预防控制", r"疾控", r"医院$", r"卫生院$",
      r"卫生服务中心$", r"妇幼保健", r"血站$", r"急救", r"卫生监督", r"计划生育", r"中医药"]),
    ("medical_insurance", "医疗保障", "Healthcare security", "210 (21015)", [r"医疗保障", r"医保"]),
    # 211 environment
    ("ecology_environment", "生态环境", "Ecology & environment", "211 (21101)", [r"生态环境", r"环境保护", r"环保", r"环境监测"]),
    # 212 urban-rural / 221 housing
    ("housing_construction", "住房城乡建设", "Housing & urban-rural development", "212 (21201)",
     [r"住房和城乡建设", r"住房城乡建设", r"住建", r"建设(?:局|厅|委员会)$", r"房屋", r"房产", r"住房保障", r"公积金",
      r"城市管理", r"城管", r"综合(?:行政)?执法", r"市容", r"环境卫生", r"园林", r"绿化", r"市政"]),
    # 213 agriculture, forestry, water
    ("agriculture", "农业农村", "Agriculture & rural affairs", "213 (21301)",
     [r"农业农村", r"农业", r"农村", r"畜牧", r"兽医", r"农机", r"乡村振兴", r"扶贫", r"水产", r"渔业", r"农垦"]),
    ("forestry", "林业草原", "Forestry & grassland", "213 (21302)", [r"林业", r"林草", r"草原", r"林场$"]),
    ("water", "水利", "Water resources", "213 (21303)", [r"水利", r"水务", r"水文", r"河道", r"水库"]),
    # 214 transport
    ("transport", "交通运输", "Transport", "214",
     [r"交通运输", r"交通", r"轨道", r"公路", r"港航", r"港口", r"航道", r"道路运输", r"运输管理", r"民航", r"铁路", r"机场", r"邮政"]),
    # 215 industry
    ("industry_it", "工业和信息化", "Industry & information technology", "215",
     [r"工业和信息化", r"经济和信息化", r"经济信息化", r"工信", r"经信", r"中小企业", r"通信管理", r"无线电"]),
    ("sasac", "国资", "State-owned assets supervision", "215/223", [r"国有资产监督管理", r"国资委$", r"国资"]),
    # 220 natural resources, meteorology
    ("natural_resources", "规划和自然资源", "Planning & natural resources", "220 (22001)",
     [r"规划和自然资源", r"自然资源", r"国土", r"规划(?:局|委员会|院)?$", r"规划", r"测绘", r"不动产", r"地质", r"海洋"]),
    ("meteorology", "气象", "Meteorology", "220 (22005)", [r"气象"]),
    ("energy", "能源", "Energy", "215", [r"能源"]),
    ("finance_regulation", "金融", "Financial affairs & regulation", "217",
     [r"金融", r"人民银行", r"银行保险监督", r"证券监督", r"外汇管理", r"地方金融"]),
    ("grain_reserves", "粮食和物资储备", "Grain & material reserves", "222", [r"粮食", r"物资储备", r"储备"]),
    ("emergency", "应急管理", "Emergency management", "224",
     [r"应急管理", r"应急", r"安全生产", r"消防", r"救援", r"地震", r"防汛", r"防灾"]),
    ("civil_air_defence", "人防", "Civil air defence", "203/224", [r"人民防空", r"人防"]),
    ("development_zone", "开发区/功能区管委会", "Development-zone administration", "212/215",
     [r"管理委员会$", r"管委会$", r"开发区", r"高新区", r"园区", r"新区$", r"管理区$"]),
]

def write_csv(path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order", "sector_id", "name_zh", "label_en", "function_class", "patterns"])
        for i, (sid, zh, en, fc, pats) in enumerate(SECTORS, 1):
            w.writerow([i, sid, zh, en, fc, " | ".join(pats)])


if __name__ == "__main__":
    write_csv(sys.argv[1] if len(sys.argv) > 1 else "sectors.csv")
