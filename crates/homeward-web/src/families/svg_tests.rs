//! The drawing of a pedigree: every person once with the symbol of their sex and state, parents
//! above their children, partners side by side, nobody on top of anybody, and text escaped.

use super::*;

fn person(id: &str, sex: DrawnSex, parents: Option<(&str, &str)>) -> DrawnPerson {
    DrawnPerson {
        id: id.to_owned(),
        label: id.to_owned(),
        sex,
        father: parents.map(|p| p.0.to_owned()),
        mother: parents.map(|p| p.1.to_owned()),
        missing: false,
        typed: false,
        deceased: false,
    }
}

/// A CPV family 70 years on: the soldier's parents (dead), the soldier, his brother and the
/// brother's wife, their son (typed), and the son's daughter by a wife of unknown sex entry.
fn family() -> Vec<DrawnPerson> {
    use DrawnSex::*;
    let mut people = vec![
        person("F", Male, None),
        person("M", Female, None),
        person("MP", Male, Some(("F", "M"))),
        person("B", Male, Some(("F", "M"))),
        person("BW", Female, None),
        person("N", Male, Some(("B", "BW"))),
        person("NW", Female, None),
        person("GN", Unknown, Some(("N", "NW"))),
    ];
    people[0].deceased = true;
    people[1].deceased = true;
    people[2].missing = true;
    people[5].typed = true;
    people
}

/// The centre of `id`'s symbol, read back from the drawing.
fn centre(svg: &str, id: &str) -> (f64, f64) {
    let at = svg.find(&format!("data-id=\"{id}\"")).unwrap();
    let group = &svg[at..at + svg[at..].find("</g>").unwrap()];
    let shape = &group[group.find("class=\"symbol\"").unwrap()..];
    let number = |key: &str| -> f64 {
        let k = shape.find(key).unwrap() + key.len();
        shape[k..].split('"').next().unwrap().parse().unwrap()
    };
    if group.contains("<rect class=\"symbol\"") {
        (number(" x=\"") + HALF, number(" y=\"") + HALF)
    } else if group.contains("<circle class=\"symbol\"") {
        (number(" cx=\""), number(" cy=\""))
    } else {
        let k = shape.find("points=\"").unwrap() + 8;
        let first = shape[k..].split(' ').next().unwrap();
        let (x, top) = first.split_once(',').unwrap();
        (x.parse().unwrap(), top.parse::<f64>().unwrap() + HALF)
    }
}

#[test]
fn everyone_is_drawn_once_with_the_symbol_of_their_sex_and_state() {
    let svg = draw(&family(), "Family of MP");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert_eq!(svg.matches("class=\"person").count(), 8);
    assert_eq!(svg.matches("<rect class=\"symbol\"").count(), 4);
    assert_eq!(svg.matches("<circle class=\"symbol\"").count(), 3);
    assert_eq!(svg.matches("<polygon class=\"symbol\"").count(), 1);
    assert_eq!(svg.matches("class=\"person typed\"").count(), 1);
    assert!(svg.contains("class=\"person missing\" data-id=\"MP\""));
    assert_eq!(svg.matches("class=\"strike\"").count(), 2);
    assert_eq!(svg.matches("class=\"outline\"").count(), 1);
    assert_eq!(svg.matches("class=\"arrowhead\"").count(), 1);
    // Three couples, each with one marriage line and one sibship line.
    assert_eq!(svg.matches("class=\"couple\"").count(), 3);
    assert_eq!(svg.matches("class=\"sibship\"").count(), 3);
    assert!(svg.contains("<title>Family of MP</title>"));
}

#[test]
fn parents_stand_above_children_and_partners_side_by_side_without_overlap() {
    let people = family();
    let svg = draw(&people, "t");
    let at: HashMap<&str, (f64, f64)> = people
        .iter()
        .map(|p| (p.id.as_str(), centre(&svg, &p.id)))
        .collect();
    for p in &people {
        for parent in [&p.father, &p.mother].into_iter().flatten() {
            assert!(
                at[parent.as_str()].1 < at[p.id.as_str()].1,
                "{parent} above {}",
                p.id
            );
        }
    }
    // Married-in partners share their spouse's row.
    assert_eq!(at["BW"].1, at["B"].1);
    assert_eq!(at["NW"].1, at["N"].1);
    assert!(
        (at["BW"].0 - at["B"].0).abs() <= STEP_X + 1e-9,
        "partners side by side"
    );
    let points: Vec<_> = at.values().collect();
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            let apart = (a.0 - b.0).abs() >= STEP_X - 1e-9 || (a.1 - b.1).abs() >= STEP_Y - 1e-9;
            assert!(apart, "{a:?} and {b:?} overlap");
        }
    }
}

#[test]
fn labels_and_ids_are_escaped() {
    let mut p = person("x\"><script>", DrawnSex::Female, None);
    p.label = "王德明 <b>&".to_owned();
    let svg = draw(&[p], "<title>");
    assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
    assert!(svg.contains("王德明 &lt;b&gt;&amp;"));
    assert!(svg.contains("&lt;title&gt;"));
}

#[test]
fn a_cycle_or_an_unknown_parent_still_draws_and_ends() {
    let a = person("A", DrawnSex::Male, Some(("B", "Z")));
    let b = person("B", DrawnSex::Male, Some(("A", "Z")));
    let svg = draw(&[a, b], "t");
    assert_eq!(svg.matches("class=\"person").count(), 2);
}
