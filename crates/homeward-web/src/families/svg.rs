//! A family's pedigree drawn server-side as SVG, with the symbols genetic counsellors and
//! Familias users read at a glance: a square for a man, a circle for a woman, a diamond for
//! someone whose sex is not known; filled when the person is typed (has a DNA profile); struck
//! through when deceased; the missing person marked with a double outline and an arrow. Couples
//! stand side by side joined by a line; their children hang below from a sibship line.
//!
//! The layout is by generation (a person stands one row below the lower of their parents;
//! partners are brought to the same row), and within a row by the place of the parents above,
//! so a family of a few dozen people draws without crossings in the common shapes (a soldier,
//! his parents and siblings, their children and grandchildren).

use std::collections::HashMap;
use std::fmt::Write;

/// A person's sex as the drawing shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawnSex {
    /// Square.
    Male,
    /// Circle.
    Female,
    /// Diamond.
    Unknown,
}

/// One person of the pedigree, as the page draws them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnPerson {
    /// The person's id in the pedigree.
    pub id: String,
    /// The text under the symbol (a name, a relationship), already in the page's language.
    pub label: String,
    /// Sex.
    pub sex: DrawnSex,
    /// Father's id, if in the pedigree.
    pub father: Option<String>,
    /// Mother's id, if in the pedigree.
    pub mother: Option<String>,
    /// The missing person the family looks for.
    pub missing: bool,
    /// Typed: a reference with a DNA profile.
    pub typed: bool,
    /// Deceased.
    pub deceased: bool,
}

/// Horizontal distance between two people's centres.
const STEP_X: f64 = 96.0;
/// Vertical distance between two generations.
const STEP_Y: f64 = 112.0;
/// Half a symbol's side.
const HALF: f64 = 16.0;
/// Margin around the drawing.
const MARGIN: f64 = 40.0;

/// The generation of each person: founders 0, a child one below the lower of its parents, and
/// partners (the parents of one child) on the same row. Bounded passes, so a malformed pedigree
/// (which the engine refuses before any drawing) cannot loop.
fn generations(people: &[DrawnPerson], index: &HashMap<&str, usize>) -> Vec<usize> {
    let parent = |p: &Option<String>| p.as_deref().and_then(|id| index.get(id).copied());
    let mut generation = vec![0usize; people.len()];
    for _ in 0..=people.len() {
        let mut changed = false;
        for (i, p) in people.iter().enumerate() {
            let parents = [parent(&p.father), parent(&p.mother)];
            let below = parents.iter().flatten().map(|&k| generation[k] + 1).max();
            if let Some(g) = below
                && g > generation[i]
            {
                generation[i] = g;
                changed = true;
            }
            if let [Some(f), Some(m)] = parents {
                let row = generation[f].max(generation[m]);
                for k in [f, m] {
                    if generation[k] < row {
                        generation[k] = row;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    generation
}

/// The pedigree as an SVG document; `title` names it for screen readers.
pub fn draw(people: &[DrawnPerson], title: &str) -> String {
    let index: HashMap<&str, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let parent = |p: &Option<String>| p.as_deref().and_then(|id| index.get(id).copied());
    let generation = generations(people, &index);
    let rows = generation.iter().max().map_or(0, |g| g + 1);
    // x as a slot number, row by row from the top: a person's wanted place is the middle of
    // their parents; partners follow each other.
    let mut x = vec![0.0f64; people.len()];
    let mut placed = vec![false; people.len()];
    for row in 0..rows {
        let mut members: Vec<(f64, usize)> = people
            .iter()
            .enumerate()
            .filter(|(i, _)| generation[*i] == row)
            .map(|(i, p)| {
                let parents: Vec<f64> = [parent(&p.father), parent(&p.mother)]
                    .into_iter()
                    .flatten()
                    .filter(|k| placed[*k])
                    .map(|k| x[k])
                    .collect();
                let wanted = if parents.is_empty() {
                    f64::MAX
                } else {
                    parents.iter().sum::<f64>() / parents.len() as f64
                };
                (wanted, i)
            })
            .collect();
        // Siblings together, in the order of their parents; within a sibship those with a
        // partner last, so that the partner stands on the outer side, beside them.
        let has_partner = |i: usize| {
            people.iter().any(|c| {
                let pair = [parent(&c.father), parent(&c.mother)];
                pair.contains(&Some(i)) && pair.iter().flatten().all(|&k| generation[k] == row)
            })
        };
        members.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(has_partner(a.1).cmp(&has_partner(b.1)))
                .then(a.1.cmp(&b.1))
        });
        // A partner without parents here stands beside the one with: after each person, their
        // partners who have not yet a place.
        let mut order: Vec<usize> = Vec::new();
        for &(_, i) in &members {
            if !order.contains(&i) {
                order.push(i);
            }
            for child in people {
                let pair = [parent(&child.father), parent(&child.mother)];
                if let [Some(f), Some(m)] = pair {
                    let partner = if f == i {
                        m
                    } else if m == i {
                        f
                    } else {
                        continue;
                    };
                    if generation[partner] == row && !order.contains(&partner) {
                        order.push(partner);
                    }
                }
            }
        }
        for (slot, &i) in order.iter().enumerate() {
            x[i] = slot as f64;
            placed[i] = true;
        }
        // Centre the row under the parents' mean, never overlapping: shift right as needed.
        let mut floor = f64::MIN;
        for &i in &order {
            let wanted = members
                .iter()
                .find(|(_, k)| *k == i)
                .map_or(f64::MAX, |(w, _)| *w);
            let at = if wanted == f64::MAX { x[i] } else { wanted };
            x[i] = at.max(floor + 1.0).max(0.0);
            floor = x[i];
        }
    }
    let width = x.iter().fold(0.0f64, |a, &b| a.max(b)) * STEP_X + 2.0 * MARGIN + STEP_X;
    let height = rows as f64 * STEP_Y + 2.0 * MARGIN;
    let cx = |i: usize| MARGIN + STEP_X / 2.0 + x[i] * STEP_X;
    let cy = |i: usize| MARGIN + HALF + generation[i] as f64 * STEP_Y;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pedigree\" role=\"img\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" \
         aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    // Couples and their children: one marriage line per couple, one sibship line.
    let mut couples: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    for (c, child) in people.iter().enumerate() {
        if let (Some(f), Some(m)) = (parent(&child.father), parent(&child.mother)) {
            match couples.iter_mut().find(|(pair, _)| *pair == (f, m)) {
                Some((_, children)) => children.push(c),
                None => couples.push(((f, m), vec![c])),
            }
        }
    }
    for ((f, m), children) in &couples {
        let (left, right) = if cx(*f) <= cx(*m) { (*f, *m) } else { (*m, *f) };
        let y = cy(left);
        let _ = write!(
            svg,
            "<line class=\"couple\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
            cx(left) + HALF,
            cx(right) - HALF
        );
        let mid = (cx(left) + cx(right)) / 2.0;
        let sibship = y + STEP_Y / 2.0;
        let _ = write!(
            svg,
            "<line class=\"descent\" x1=\"{mid:.1}\" y1=\"{y:.1}\" x2=\"{mid:.1}\" y2=\"{sibship:.1}\"/>"
        );
        let xs = children.iter().map(|&c| cx(c));
        let lo = xs.clone().fold(mid, f64::min);
        let hi = xs.fold(mid, f64::max);
        let _ = write!(
            svg,
            "<line class=\"sibship\" x1=\"{lo:.1}\" y1=\"{sibship:.1}\" x2=\"{hi:.1}\" y2=\"{sibship:.1}\"/>"
        );
        for &c in children {
            let _ = write!(
                svg,
                "<line class=\"descent\" x1=\"{x:.1}\" y1=\"{sibship:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
                cy(c) - HALF,
                x = cx(c)
            );
        }
    }
    for (i, p) in people.iter().enumerate() {
        symbol(&mut svg, p, cx(i), cy(i));
    }
    svg.push_str("</svg>");
    svg
}

/// One person's symbol and label, centred at (`x`, `y`).
fn symbol(svg: &mut String, p: &DrawnPerson, x: f64, y: f64) {
    let mut class = vec!["person"];
    if p.typed {
        class.push("typed");
    }
    if p.missing {
        class.push("missing");
    }
    if p.deceased {
        class.push("deceased");
    }
    let _ = write!(
        svg,
        "<g class=\"{}\" data-id=\"{}\"><title>{}</title>",
        class.join(" "),
        escape(&p.id),
        escape(&p.label)
    );
    let shape = |svg: &mut String, half: f64, extra: &str| {
        let _ = match p.sex {
            DrawnSex::Male => write!(
                svg,
                "<rect{extra} x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                x - half,
                y - half,
                2.0 * half,
                2.0 * half
            ),
            DrawnSex::Female => write!(
                svg,
                "<circle{extra} cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{half:.1}\"/>"
            ),
            DrawnSex::Unknown => write!(
                svg,
                "<polygon{extra} points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\"/>",
                y - half,
                x + half,
                y + half,
                x - half
            ),
        };
    };
    shape(svg, HALF, " class=\"symbol\"");
    if p.missing {
        // The double outline, and the arrow that points at the one the family looks for.
        shape(svg, HALF + 5.0, " class=\"outline\"");
        let (tip_x, tip_y) = (x - HALF - 6.0, y + HALF + 6.0);
        let _ = write!(
            svg,
            "<line class=\"arrow\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{tip_x:.1}\" y2=\"{tip_y:.1}\"/>\
             <polygon class=\"arrowhead\" points=\"{tip_x:.1},{tip_y:.1} {:.1},{:.1} {:.1},{:.1}\"/>",
            tip_x - 20.0,
            tip_y + 20.0,
            tip_x - 9.0,
            tip_y + 3.0,
            tip_x - 3.0,
            tip_y + 9.0
        );
    }
    if p.deceased {
        let _ = write!(
            svg,
            "<line class=\"strike\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            x - HALF - 6.0,
            y + HALF + 6.0,
            x + HALF + 6.0,
            y - HALF - 6.0
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
        y + HALF + 20.0,
        escape(&p.label)
    );
}

/// Text as SVG/XML content or attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[path = "svg_tests.rs"]
mod tests;
