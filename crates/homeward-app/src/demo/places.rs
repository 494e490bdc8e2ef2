//! The real battle areas of Gangwon and Gyeonggi where recovery teams dig, with approximate
//! coordinates and when the fighting there was heaviest; and hometowns for the rolls.

/// A battle area: where synthetic sites are placed and where the missing were lost.
#[derive(Debug, Clone, Copy)]
pub struct BattleArea {
    /// The name of the battle or area.
    pub name: &'static str,
    /// Province.
    pub province: &'static str,
    /// County.
    pub county: &'static str,
    /// Site code prefix (province and county).
    pub code: &'static str,
    /// Approximate centre, WGS 84 degrees.
    pub lat: f64,
    /// Approximate centre, WGS 84 degrees.
    pub lon: f64,
    /// Heaviest fighting: (year, first month, last month).
    pub fighting: (i32, u8, u8),
}

const fn area(
    name: &'static str,
    province: &'static str,
    county: &'static str,
    code: &'static str,
    (lat, lon): (f64, f64),
    fighting: (i32, u8, u8),
) -> BattleArea {
    BattleArea {
        name,
        province,
        county,
        code,
        lat,
        lon,
        fighting,
    }
}

/// The battle areas, weighted by how often recovery teams work there (repeats raise the weight).
#[rustfmt::skip]
pub const BATTLE_AREAS: &[BattleArea] = &[
    area("Baengma Hill (White Horse)", "Gangwon", "Cheorwon", "GW-CW", (38.297, 127.208), (1952, 10, 10)),
    area("Arrowhead Ridge (Hill 281)", "Gangwon", "Cheorwon", "GW-CW", (38.285, 127.271), (1952, 10, 10)),
    area("Iron Triangle, Gimhwa", "Gangwon", "Cheorwon", "GW-CW", (38.251, 127.431), (1952, 10, 11)),
    area("Paroho reservoir", "Gangwon", "Hwacheon", "GW-HC", (38.117, 127.788), (1951, 5, 5)),
    area("Kumsong salient", "Gangwon", "Hwacheon", "GW-HC", (38.215, 127.602), (1953, 7, 7)),
    area("Punchbowl (Haean basin)", "Gangwon", "Yanggu", "GW-YG", (38.287, 128.133), (1951, 8, 9)),
    area("Bloody Ridge", "Gangwon", "Yanggu", "GW-YG", (38.241, 127.985), (1951, 8, 9)),
    area("Heartbreak Ridge", "Gangwon", "Yanggu", "GW-YG", (38.287, 128.010), (1951, 9, 10)),
    area("Hyeon-ri", "Gangwon", "Inje", "GW-IJ", (37.953, 128.317), (1951, 5, 5)),
    area("Inje valley", "Gangwon", "Inje", "GW-IJ", (38.069, 128.170), (1951, 5, 6)),
    area("Hill 351", "Gangwon", "Goseong", "GW-GS", (38.401, 128.414), (1952, 6, 10)),
    area("Imjin River, Jeokseong", "Gyeonggi", "Paju", "GG-PJ", (37.953, 126.935), (1951, 4, 4)),
    area("Gloster Hill (Hill 235)", "Gyeonggi", "Paju", "GG-PJ", (37.944, 126.938), (1951, 4, 4)),
    area("Hill 355 (Little Gibraltar)", "Gyeonggi", "Yeoncheon", "GG-YC", (38.062, 127.019), (1951, 10, 11)),
    area("Old Baldy (Hill 266)", "Gyeonggi", "Yeoncheon", "GG-YC", (38.120, 127.118), (1952, 6, 9)),
    area("Kapyong valley", "Gyeonggi", "Gapyeong", "GG-GP", (37.846, 127.503), (1951, 4, 4)),
];

/// A hometown: province and county.
pub type Hometown = (&'static str, &'static str);

/// Hometowns of Chinese People's Volunteers.
#[rustfmt::skip]
pub const CN_HOMETOWNS: &[Hometown] = &[
    ("Sichuan", "Bazhong"), ("Sichuan", "Nanchong"), ("Sichuan", "Dazhou"),
    ("Shandong", "Linyi"), ("Shandong", "Heze"), ("Shandong", "Jining"),
    ("Henan", "Zhoukou"), ("Henan", "Nanyang"), ("Henan", "Xinyang"),
    ("Hebei", "Baoding"), ("Hebei", "Handan"), ("Hunan", "Hengyang"),
    ("Hunan", "Shaoyang"), ("Jiangsu", "Xuzhou"), ("Jiangsu", "Yancheng"),
    ("Anhui", "Fuyang"), ("Liaoning", "Dandong"), ("Liaoning", "Tieling"),
    ("Jilin", "Siping"), ("Heilongjiang", "Suihua"), ("Shanxi", "Yuncheng"),
    ("Hubei", "Huanggang"), ("Jiangxi", "Ganzhou"), ("Fujian", "Longyan"),
];

/// Hometowns of ROK soldiers.
#[rustfmt::skip]
pub const KR_HOMETOWNS: &[Hometown] = &[
    ("Gyeonggi", "Suwon"), ("Gyeonggi", "Pyeongtaek"), ("Gangwon", "Chuncheon"),
    ("Gangwon", "Wonju"), ("Gangwon", "Gangneung"), ("North Chungcheong", "Cheongju"),
    ("North Chungcheong", "Chungju"), ("South Chungcheong", "Gongju"),
    ("South Chungcheong", "Nonsan"), ("North Jeolla", "Jeonju"), ("North Jeolla", "Iksan"),
    ("South Jeolla", "Naju"), ("South Jeolla", "Suncheon"), ("North Gyeongsang", "Andong"),
    ("North Gyeongsang", "Gyeongju"), ("South Gyeongsang", "Jinju"),
    ("South Gyeongsang", "Miryang"), ("Jeju", "Jeju"), ("Seoul", "Jongno"),
];

/// Hometowns of KPA soldiers.
#[rustfmt::skip]
pub const KP_HOMETOWNS: &[Hometown] = &[
    ("South Pyongan", "Anju"), ("North Pyongan", "Sinuiju"), ("South Hamgyong", "Hamhung"),
    ("North Hamgyong", "Chongjin"), ("Hwanghae", "Haeju"), ("Kangwon", "Wonsan"),
];

/// CPV armies that fought in these areas (divisions are numbered 3N−2…3N, regiments likewise).
pub const CPV_ARMIES: &[u32] = &[12, 15, 20, 26, 27, 38, 39, 40, 42, 60, 63, 64, 65, 67, 68];

/// ROK divisions (0 stands for the Capital Division).
pub const ROK_DIVISIONS: &[u32] = &[0, 1, 2, 3, 5, 6, 7, 8, 9, 11];

/// English ordinal ("1st", "112th").
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_lie_in_central_korea() {
        for a in BATTLE_AREAS {
            assert!(
                (37.4..38.7).contains(&a.lat) && (126.5..128.7).contains(&a.lon),
                "{a:?}"
            );
            assert!((1950..=1953).contains(&a.fighting.0), "{a:?}");
        }
        assert_eq!(ordinal(112), "112th");
        assert_eq!(ordinal(111), "111th");
        assert_eq!(ordinal(42), "42nd");
    }
}
