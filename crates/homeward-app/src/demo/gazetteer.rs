//! The demo's gazetteer: every place and unit name the demo writes, in Korean, Chinese and
//! English. Korean forms of Chinese places follow the Korean orthography of foreign words
//! (쓰촨, 산둥); Chinese forms of Korean places are their hanja names in simplified script
//! (铁原郡, 涟川郡); battles carry the names each side's histories use (白马山, 上甘岭 is not
//! among them: the demo's areas lie further east and west).

use homeward_domain::{GazetteerEntry, PlaceKind};

use super::places::{BATTLE_AREAS, CPV_ARMIES, ROK_DIVISIONS, ordinal};

/// (as written in the demo's records, Korean, Chinese, English).
type Forms = (&'static str, &'static str, &'static str, &'static str);

/// The battle areas of [`BATTLE_AREAS`], by name.
#[rustfmt::skip]
const BATTLES: &[Forms] = &[
    ("Baengma Hill (White Horse)", "백마고지", "白马山", "White Horse Hill (Baengma)"),
    ("Arrowhead Ridge (Hill 281)", "화살머리고지 (281고지)", "箭头山（281高地）", "Arrowhead Ridge (Hill 281)"),
    ("Iron Triangle, Gimhwa", "철의 삼각지대, 김화", "铁三角，金化", "Iron Triangle, Gimhwa"),
    ("Paroho reservoir", "파로호", "破虏湖（华川水库）", "Paroho Reservoir"),
    ("Kumsong salient", "금성 돌출부", "金城突出部", "Kumsong Salient"),
    ("Punchbowl (Haean basin)", "펀치볼 (해안분지)", "亥安盆地（“潘趣碗”）", "Punchbowl (Haean Basin)"),
    ("Bloody Ridge", "피의 능선", "血岭", "Bloody Ridge"),
    ("Heartbreak Ridge", "단장의 능선", "伤心岭", "Heartbreak Ridge"),
    ("Hyeon-ri", "현리", "县里", "Hyeon-ri"),
    ("Inje valley", "인제 계곡", "麟蹄河谷", "Inje Valley"),
    ("Hill 351", "351고지", "351高地", "Hill 351"),
    ("Imjin River, Jeokseong", "임진강, 적성", "临津江，积城", "Imjin River, Jeokseong"),
    ("Gloster Hill (Hill 235)", "글로스터 고지 (235고지)", "格洛斯特高地（235高地）", "Gloster Hill (Hill 235)"),
    ("Hill 355 (Little Gibraltar)", "355고지 (리틀 지브롤터)", "355高地（“小直布罗陀”）", "Hill 355 (Little Gibraltar)"),
    ("Old Baldy (Hill 266)", "올드 발디 (266고지)", "老秃山（266高地）", "Old Baldy (Hill 266)"),
    ("Kapyong valley", "가평 계곡", "加平河谷", "Kapyong Valley"),
];

/// Where on a battlefield a site lies ([`FEATURES`]).
#[rustfmt::skip]
const SITE_FEATURES: &[Forms] = &[
    ("north slope", "북쪽 사면", "北坡", "north slope"),
    ("south slope", "남쪽 사면", "南坡", "south slope"),
    ("ridge line", "능선", "山脊线", "ridge line"),
    ("trench line", "참호선", "堑壕线", "trench line"),
    ("valley floor", "계곡 바닥", "谷底", "valley floor"),
    ("east spur", "동쪽 지능선", "东侧支脉", "east spur"),
    ("saddle", "안부", "山鞍", "saddle"),
    ("bunker complex", "벙커 진지", "地堡群", "bunker complex"),
    ("river terrace", "하안단구", "河流阶地", "river terrace"),
    ("supply trail", "보급로", "补给小道", "supply trail"),
];

#[rustfmt::skip]
const PROVINCES: &[Forms] = &[
    ("Gangwon", "강원도", "江原道", "Gangwon Province"),
    ("Gyeonggi", "경기도", "京畿道", "Gyeonggi Province"),
    ("North Chungcheong", "충청북도", "忠清北道", "North Chungcheong Province"),
    ("South Chungcheong", "충청남도", "忠清南道", "South Chungcheong Province"),
    ("North Jeolla", "전라북도", "全罗北道", "North Jeolla Province"),
    ("South Jeolla", "전라남도", "全罗南道", "South Jeolla Province"),
    ("North Gyeongsang", "경상북도", "庆尚北道", "North Gyeongsang Province"),
    ("South Gyeongsang", "경상남도", "庆尚南道", "South Gyeongsang Province"),
    ("Jeju", "제주도", "济州道", "Jeju Province"),
    ("Seoul", "서울특별시", "首尔特别市", "Seoul"),
    ("South Pyongan", "평안남도", "平安南道", "South Pyongan Province"),
    ("North Pyongan", "평안북도", "平安北道", "North Pyongan Province"),
    ("South Hamgyong", "함경남도", "咸镜南道", "South Hamgyong Province"),
    ("North Hamgyong", "함경북도", "咸镜北道", "North Hamgyong Province"),
    ("Hwanghae", "황해도", "黄海道", "Hwanghae Province"),
    ("Kangwon", "강원도 (북)", "江原道（朝鲜）", "Kangwon Province (North)"),
    ("Sichuan", "쓰촨성", "四川省", "Sichuan Province"),
    ("Shandong", "산둥성", "山东省", "Shandong Province"),
    ("Henan", "허난성", "河南省", "Henan Province"),
    ("Hebei", "허베이성", "河北省", "Hebei Province"),
    ("Hunan", "후난성", "湖南省", "Hunan Province"),
    ("Jiangsu", "장쑤성", "江苏省", "Jiangsu Province"),
    ("Anhui", "안후이성", "安徽省", "Anhui Province"),
    ("Liaoning", "랴오닝성", "辽宁省", "Liaoning Province"),
    ("Jilin", "지린성", "吉林省", "Jilin Province"),
    ("Heilongjiang", "헤이룽장성", "黑龙江省", "Heilongjiang Province"),
    ("Shanxi", "산시성", "山西省", "Shanxi Province"),
    ("Hubei", "후베이성", "湖北省", "Hubei Province"),
    ("Jiangxi", "장시성", "江西省", "Jiangxi Province"),
    ("Fujian", "푸젠성", "福建省", "Fujian Province"),
];

#[rustfmt::skip]
const COUNTIES: &[Forms] = &[
    ("Cheorwon", "철원군", "铁原郡", "Cheorwon County"),
    ("Hwacheon", "화천군", "华川郡", "Hwacheon County"),
    ("Yanggu", "양구군", "杨口郡", "Yanggu County"),
    ("Inje", "인제군", "麟蹄郡", "Inje County"),
    ("Goseong", "고성군", "高城郡", "Goseong County"),
    ("Paju", "파주시", "坡州市", "Paju"),
    ("Yeoncheon", "연천군", "涟川郡", "Yeoncheon County"),
    ("Gapyeong", "가평군", "加平郡", "Gapyeong County"),
    ("Hongcheon", "홍천군", "洪川郡", "Hongcheon County"),
    ("Suwon", "수원", "水原", "Suwon"),
    ("Pyeongtaek", "평택", "平泽", "Pyeongtaek"),
    ("Chuncheon", "춘천", "春川", "Chuncheon"),
    ("Wonju", "원주", "原州", "Wonju"),
    ("Gangneung", "강릉", "江陵", "Gangneung"),
    ("Cheongju", "청주", "清州", "Cheongju"),
    ("Chungju", "충주", "忠州", "Chungju"),
    ("Gongju", "공주", "公州", "Gongju"),
    ("Nonsan", "논산", "论山", "Nonsan"),
    ("Jeonju", "전주", "全州", "Jeonju"),
    ("Iksan", "익산", "益山", "Iksan"),
    ("Naju", "나주", "罗州", "Naju"),
    ("Suncheon", "순천", "顺天", "Suncheon"),
    ("Andong", "안동", "安东", "Andong"),
    ("Gyeongju", "경주", "庆州", "Gyeongju"),
    ("Jinju", "진주", "晋州", "Jinju"),
    ("Miryang", "밀양", "密阳", "Miryang"),
    ("Jeju", "제주시", "济州市", "Jeju City"),
    ("Jongno", "종로구", "钟路区", "Jongno District"),
    ("Anju", "안주", "安州", "Anju"),
    ("Sinuiju", "신의주", "新义州", "Sinuiju"),
    ("Hamhung", "함흥", "咸兴", "Hamhung"),
    ("Chongjin", "청진", "清津", "Chongjin"),
    ("Haeju", "해주", "海州", "Haeju"),
    ("Wonsan", "원산", "元山", "Wonsan"),
    ("Bazhong", "바중", "巴中", "Bazhong"),
    ("Nanchong", "난충", "南充", "Nanchong"),
    ("Dazhou", "다저우", "达州", "Dazhou"),
    ("Linyi", "린이", "临沂", "Linyi"),
    ("Heze", "허쩌", "菏泽", "Heze"),
    ("Jining", "지닝", "济宁", "Jining"),
    ("Zhoukou", "저우커우", "周口", "Zhoukou"),
    ("Nanyang", "난양", "南阳", "Nanyang"),
    ("Xinyang", "신양", "信阳", "Xinyang"),
    ("Baoding", "바오딩", "保定", "Baoding"),
    ("Handan", "한단", "邯郸", "Handan"),
    ("Hengyang", "헝양", "衡阳", "Hengyang"),
    ("Shaoyang", "사오양", "邵阳", "Shaoyang"),
    ("Xuzhou", "쉬저우", "徐州", "Xuzhou"),
    ("Yancheng", "옌청", "盐城", "Yancheng"),
    ("Fuyang", "푸양", "阜阳", "Fuyang"),
    ("Dandong", "단둥", "丹东", "Dandong"),
    ("Tieling", "톄링", "铁岭", "Tieling"),
    ("Siping", "쓰핑", "四平", "Siping"),
    ("Suihua", "쑤이화", "绥化", "Suihua"),
    ("Yuncheng", "윈청", "运城", "Yuncheng"),
    ("Huanggang", "황강", "黄冈", "Huanggang"),
    ("Ganzhou", "간저우", "赣州", "Ganzhou"),
    ("Longyan", "룽옌", "龙岩", "Longyan"),
];

/// Places of loss the search page's examples name.
#[rustfmt::skip]
const PLACES_OF_LOSS: &[Forms] = &[
    ("Gapyeong", "가평", "加平", "Gapyeong"),
    ("Sachang-ri, Hwacheon", "화천 사창리", "华川社仓里", "Sachang-ri, Hwacheon"),
];

#[rustfmt::skip]
const CEMETERIES: &[Forms] = &[
    ("Shenyang Cemetery of CPV Martyrs", "선양 항미원조 열사능원", "沈阳抗美援朝烈士陵园", "Shenyang Cemetery of CPV Martyrs"),
    ("Cemetery for North Korean soldiers, Jeokseong", "적성 북한군 묘지", "积城朝鲜军人墓地", "Cemetery for North Korean Soldiers, Jeokseong"),
    ("Daejeon National Cemetery", "국립대전현충원", "国立大田显忠院", "Daejeon National Cemetery"),
];

#[rustfmt::skip]
const PLACES: &[Forms] = &[
    ("MAKRI central identification laboratory", "국방부 유해발굴감식단 중앙감식소", "国防部遗骸发掘鉴识团中央鉴识所", "MAKRI Central Identification Laboratory"),
    ("MAKRI central identification laboratory, CPV holding room", "국방부 유해발굴감식단 중앙감식소 중국군 유해 안치실", "国防部遗骸发掘鉴识团中央鉴识所志愿军遗骸安放室", "MAKRI Central Identification Laboratory, CPV holding room"),
    ("Incheon International Airport", "인천국제공항", "仁川国际机场", "Incheon International Airport"),
    ("Shenyang Taoxian International Airport", "선양 타오셴 국제공항", "沈阳桃仙国际机场", "Shenyang Taoxian International Airport"),
];

/// The states of the demo's UN soldiers: (code, Korean, Chinese, English).
#[rustfmt::skip]
const UN_STATE_NAMES: &[Forms] = &[
    ("US", "미국", "美国", "the United States"),
    ("GB", "영국", "英国", "the United Kingdom"),
    ("TR", "튀르키예", "土耳其", "Türkiye"),
    ("AU", "호주", "澳大利亚", "Australia"),
    ("CO", "콜롬비아", "哥伦比亚", "Colombia"),
    ("FR", "프랑스", "法国", "France"),
    ("PH", "필리핀", "菲律宾", "the Philippines"),
];

fn entries_of(kind: PlaceKind, table: &[Forms]) -> impl Iterator<Item = GazetteerEntry> + '_ {
    table
        .iter()
        .map(move |&(original, ko, zh, en)| GazetteerEntry::new(kind, original, ko, zh, en))
}

fn forms_of<'a>(table: &'a [Forms], original: &str) -> &'a Forms {
    table
        .iter()
        .find(|f| f.0 == original)
        .unwrap_or_else(|| panic!("the demo's gazetteer lacks {original:?}"))
}

/// Every name the demo writes, in its three languages.
pub fn entries() -> Vec<GazetteerEntry> {
    let mut out: Vec<GazetteerEntry> = entries_of(PlaceKind::Battle, BATTLES)
        .chain(entries_of(PlaceKind::Province, PROVINCES))
        .chain(entries_of(PlaceKind::County, COUNTIES))
        .chain(entries_of(PlaceKind::PlaceOfLoss, PLACES_OF_LOSS))
        .chain(entries_of(PlaceKind::Cemetery, CEMETERIES))
        .chain(entries_of(PlaceKind::Place, PLACES))
        .collect();
    for area in BATTLE_AREAS {
        let (_, b_ko, b_zh, b_en) = *forms_of(BATTLES, area.name);
        let (_, c_ko, c_zh, c_en) = *forms_of(COUNTIES, area.county);
        for &(feature, f_ko, f_zh, f_en) in SITE_FEATURES {
            out.push(GazetteerEntry::new(
                PlaceKind::Site,
                &format!("{}, {feature}", area.name),
                &format!("{b_ko} {f_ko}"),
                &format!("{b_zh}{f_zh}"),
                &format!("{b_en}, {f_en}"),
            ));
        }
        out.push(GazetteerEntry::new(
            PlaceKind::PlaceOfLoss,
            &format!("{}, {}", area.name, area.county),
            &format!("{c_ko} {b_ko}"),
            &format!("{c_zh}{b_zh}"),
            &format!("{b_en}, {c_en}"),
        ));
    }
    out.extend(units());
    // The carrier of the 2022 handover's flight.
    out.push(GazetteerEntry::new(
        PlaceKind::Unit,
        "PLA Air Force",
        "중국 인민해방군 공군",
        "中国人民解放军空军",
        "PLA Air Force",
    ));
    for &(code, ko, zh, en) in UN_STATE_NAMES {
        out.push(GazetteerEntry::new(
            PlaceKind::Cemetery,
            &format!("national cemetery of {code}"),
            &format!("{ko} 국립묘지"),
            &format!("{zh}国家公墓"),
            &format!("national cemetery of {en}"),
        ));
    }
    dedup(out)
}

/// The units the demo's rolls name: CPV armies, divisions and regiments; ROK divisions and
/// regiments; KPA corps and divisions.
fn units() -> Vec<GazetteerEntry> {
    let mut out = Vec::new();
    for &army in CPV_ARMIES {
        out.push(GazetteerEntry::new(
            PlaceKind::Unit,
            &format!("CPV {} Army", ordinal(army)),
            &format!("중국인민지원군 제{army}군"),
            &format!("中国人民志愿军第{army}军"),
            &format!("CPV {} Army", ordinal(army)),
        ));
        for division in 3 * army - 2..=3 * army {
            for regiment in 3 * division - 2..=3 * division {
                let en = format!(
                    "CPV {} Army, {} Division, {} Regiment",
                    ordinal(army),
                    ordinal(division),
                    ordinal(regiment)
                );
                out.push(GazetteerEntry::new(
                    PlaceKind::Unit,
                    &en,
                    &format!("중국인민지원군 제{army}군 제{division}사단 제{regiment}연대"),
                    &format!("中国人民志愿军第{army}军第{division}师第{regiment}团"),
                    &en,
                ));
            }
        }
    }
    out.push(GazetteerEntry::new(
        PlaceKind::Unit,
        "ROK 6th Infantry Division, 7th Regiment",
        "국군 제6보병사단 제7연대",
        "韩国陆军第6步兵师第7团",
        "ROK 6th Infantry Division, 7th Regiment",
    ));
    for &division in ROK_DIVISIONS {
        let (en_name, ko_name, zh_name) = if division == 0 {
            ("Capital".to_owned(), "수도".to_owned(), "首都".to_owned())
        } else {
            (
                ordinal(division),
                format!("제{division}"),
                format!("第{division}"),
            )
        };
        for regiment in 1..=32 {
            let en = format!(
                "ROK {en_name} Infantry Division, {} Regiment",
                ordinal(regiment)
            );
            out.push(GazetteerEntry::new(
                PlaceKind::Unit,
                &en,
                &format!("국군 {ko_name}보병사단 제{regiment}연대"),
                &format!("韩国陆军{zh_name}步兵师第{regiment}团"),
                &en,
            ));
        }
    }
    for corps in 1..=7 {
        for division in 1..=47 {
            let en = format!("KPA {corps} Corps, {} Division", ordinal(division));
            out.push(GazetteerEntry::new(
                PlaceKind::Unit,
                &en,
                &format!("조선인민군 제{corps}군단 제{division}사단"),
                &format!("朝鲜人民军第{corps}军团第{division}师"),
                &en,
            ));
        }
    }
    out
}

/// One entry per kind and original (the tables name some places twice: Jeju is a province
/// and a city).
fn dedup(entries: Vec<GazetteerEntry>) -> Vec<GazetteerEntry> {
    let mut seen = std::collections::HashSet::new();
    entries
        .into_iter()
        .filter(|e| seen.insert((e.kind, e.name.original.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::places::{CN_HOMETOWNS, KP_HOMETOWNS, KR_HOMETOWNS};
    use super::super::registry::{FEATURES, UN_STATES};
    use super::*;

    /// Whether every state of [`UN_STATES`] has its name here.
    fn names_every_un_state() -> bool {
        UN_STATES.iter().all(|code| {
            let code = code.trim_start_matches("un:");
            UN_STATE_NAMES.iter().any(|f| f.0 == code)
        })
    }

    #[test]
    fn every_entry_is_valid_complete_and_once() {
        let entries = entries();
        for e in &entries {
            e.validate().unwrap();
            assert!(e.name.is_complete(), "{e:?}");
        }
        assert_eq!(dedup(entries.clone()).len(), entries.len());
        assert!(names_every_un_state());
        for feature in FEATURES {
            assert!(SITE_FEATURES.iter().any(|f| f.0 == *feature), "{feature}");
        }
        for &(province, county) in CN_HOMETOWNS.iter().chain(KR_HOMETOWNS).chain(KP_HOMETOWNS) {
            assert!(PROVINCES.iter().any(|f| f.0 == province), "{province}");
            assert!(COUNTIES.iter().any(|f| f.0 == county), "{county}");
        }
    }
}
