//! `normalize()` of honestlint/text/normalize.py, computed in Rust with the same result (text
//! and offset map).
//!
//! The Python function is the reference; this file follows its steps one by one, in the same
//! order and with the same gates, so that a reader can hold the two side by side. No Unicode
//! data lives here: every character class and every per-character map (NFKC, lower case,
//! OpenCC's Traditional -> Simplified) is built by Python from the very objects the reference
//! uses (its `re`/`regex` classes, `unicodedata`, the installed OpenCC) and handed over at
//! start-up (`Tables::from_parts`), so both engines follow one Unicode version by construction.

use std::collections::HashMap;

/// Character classes, one bit each in `Tables::flags` (indexed by code point).
pub const HAN: u16 = 1 << 0; // HAN: one Han character
pub const HAN_GATE: u16 = 1 << 1; // _HAN_GATE_RE: steps 5 and 6 run only if one is present
pub const REMOVE: u16 = 1 << 2; // _REMOVE_RE: format characters dropped in step 2
pub const BLANK: u16 = 1 << 3; // _BLANKS: blank-looking letters, become spaces in step 2
pub const MARK: u16 = 1 << 4; // _MARKS: combining marks dropped right after a Han character
pub const WORD: u16 = 1 << 5; // _WORD_RE: Latin, Greek, Cyrillic letters and marks
pub const ASCII_LETTER: u16 = 1 << 6; // _ASCII_LETTER_RE
pub const REAL_CYRILLIC_GREEK: u16 = 1 << 7; // _REAL_CYRILLIC_GREEK_RE
pub const SEPARATOR: u16 = 1 << 8; // _SEPARATORS: collapsed between Han characters (step 6)
pub const STEP23_GATE: u16 = 1 << 9; // _STEP23_GATE_RE: steps 2 and 3 run only if one is present
pub const HOMOGLYPH: u16 = 1 << 10; // a key of _HOMOGLYPHS

/// The class names Python sends, with their bits.
pub const CLASSES: [(&str, u16); 11] = [
    ("han", HAN),
    ("han_gate", HAN_GATE),
    ("remove", REMOVE),
    ("blank", BLANK),
    ("mark", MARK),
    ("word", WORD),
    ("ascii_letter", ASCII_LETTER),
    ("real_cyrillic_greek", REAL_CYRILLIC_GREEK),
    ("separator", SEPARATOR),
    ("step23_gate", STEP23_GATE),
    ("homoglyph", HOMOGLYPH),
];

/// OpenCC's t2s repeated until stable, at most this many rounds (_T2S_MAX_ROUNDS).
const T2S_MAX_ROUNDS: usize = 4;

pub struct Tables {
    flags: Vec<u16>,
    nfkc: HashMap<char, Box<[char]>>, // char -> NFKC(char), only chars that change
    lower: HashMap<char, Box<[char]>>, // char -> char.lower(), only chars that change
    homoglyph: HashMap<char, char>,   // _HOMOGLYPHS
    t2s_char: HashMap<char, Box<[char]>>, // OpenCC t2s of each single char, only changes
    // OpenCC phrases by first character, longest key first (maximum forward matching).
    phrases: HashMap<char, Vec<(Box<[char]>, Box<[char]>)>>,
}

fn chars(s: &str) -> Box<[char]> {
    s.chars().collect()
}

impl Tables {
    /// Build the tables from the classes (name -> inclusive code point ranges) and the maps.
    pub fn from_parts(
        classes: &[(u16, Vec<(u32, u32)>)],
        nfkc: Vec<(char, String)>,
        lower: Vec<(char, String)>,
        homoglyph: Vec<(char, char)>,
        t2s_char: Vec<(char, String)>,
        phrases: Vec<(String, String)>,
    ) -> Result<Tables, String> {
        let mut flags = vec![0u16; 0x110000];
        for (bit, ranges) in classes {
            for &(lo, hi) in ranges {
                if lo > hi || hi >= 0x110000 {
                    return Err(format!("bad range {lo:#x}-{hi:#x}"));
                }
                for f in &mut flags[lo as usize..=hi as usize] {
                    *f |= bit;
                }
            }
        }
        let mut by_first: HashMap<char, Vec<(Box<[char]>, Box<[char]>)>> = HashMap::new();
        for (key, value) in phrases {
            let key = chars(&key);
            let Some(&first) = key.first() else {
                return Err("empty phrase key".into());
            };
            by_first
                .entry(first)
                .or_default()
                .push((key, chars(&value)));
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
        }
        let map = |v: Vec<(char, String)>| -> HashMap<char, Box<[char]>> {
            v.into_iter().map(|(c, s)| (c, chars(&s))).collect()
        };
        Ok(Tables {
            flags,
            nfkc: map(nfkc),
            lower: map(lower),
            homoglyph: homoglyph.into_iter().collect(),
            t2s_char: map(t2s_char),
            phrases: by_first,
        })
    }

    #[inline]
    fn is(&self, c: char, class: u16) -> bool {
        self.flags[c as usize] & class != 0
    }

    fn any(&self, text: &[char], class: u16) -> bool {
        text.iter().any(|&c| self.is(c, class))
    }

    /// OpenCC's conversion of `text`: at each position the longest phrase, else the character's
    /// own conversion.
    fn opencc(&self, text: &[char]) -> Vec<char> {
        let mut out = Vec::with_capacity(text.len());
        let mut i = 0;
        'outer: while i < text.len() {
            let c = text[i];
            if let Some(list) = self.phrases.get(&c) {
                for (key, value) in list {
                    if text[i..].starts_with(key) {
                        out.extend_from_slice(value);
                        i += key.len();
                        continue 'outer;
                    }
                }
            }
            match self.t2s_char.get(&c) {
                Some(v) => out.extend_from_slice(v),
                None => out.push(c),
            }
            i += 1;
        }
        out
    }
}

/// The text being normalised and its map to the source: `index[i]` is the source position of
/// text[i]; None while every change so far kept lengths (identity), as in the reference.
struct Work {
    text: Vec<char>,
    index: Option<Vec<usize>>,
}

impl Work {
    /// Replace each char by `f(position, char)`: None keeps it, Some(chars) replaces it (empty:
    /// removes it). A replacement of another length than one builds the index (_splice).
    fn map_chars<F>(&mut self, mut f: F)
    where
        F: FnMut(usize, char) -> Option<Vec<char>>,
    {
        let mut out = Vec::with_capacity(self.text.len());
        let mut new_index: Option<Vec<usize>> = None;
        for (i, &c) in self.text.iter().enumerate() {
            match f(i, c) {
                None => {
                    out.push(c);
                    if let Some(ni) = new_index.as_mut() {
                        ni.push(self.source_of(i));
                    }
                }
                Some(rep) => {
                    if rep.len() != 1 && new_index.is_none() {
                        // First change of length: the positions so far were 1:1.
                        new_index = Some((0..i).map(|k| self.source_of(k)).collect());
                    }
                    if let Some(ni) = new_index.as_mut() {
                        let src = self.source_of(i);
                        ni.extend(std::iter::repeat_n(src, rep.len()));
                    }
                    out.extend(rep);
                }
            }
        }
        self.text = out;
        if new_index.is_some() {
            self.index = new_index;
        }
    }

    #[inline]
    fn source_of(&self, i: usize) -> usize {
        match &self.index {
            Some(index) => index[i],
            None => i,
        }
    }

    /// Remove every maximal run of `class` chars preceded by a `before` char and, when
    /// `after` is given, followed by an `after` char.
    fn remove_runs(&mut self, t: &Tables, class: u16, before: u16, after: Option<u16>) -> bool {
        let text = &self.text;
        let mut drop = vec![false; text.len()];
        let mut any = false;
        let mut i = 0;
        while i < text.len() {
            if !t.is(text[i], class) {
                i += 1;
                continue;
            }
            let start = i;
            while i < text.len() && t.is(text[i], class) {
                i += 1;
            }
            let ok_before = start > 0 && t.is(text[start - 1], before);
            let ok_after = match after {
                None => true,
                Some(a) => i < text.len() && t.is(text[i], a),
            };
            if ok_before && ok_after {
                drop[start..i].iter_mut().for_each(|d| *d = true);
                any = true;
            }
        }
        if any {
            self.map_chars(|i, _| if drop[i] { Some(Vec::new()) } else { None });
        }
        any
    }
}

/// Step 3 on one line (_fold_line).
fn fold_line(t: &Tables, line: &mut [char]) {
    if !t.any(line, HOMOGLYPH) {
        return;
    }
    let fold_all = t.any(line, ASCII_LETTER) && !t.any(line, REAL_CYRILLIC_GREEK);
    let mut i = 0;
    while i < line.len() {
        if !t.is(line[i], WORD) {
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && t.is(line[i], WORD) {
            i += 1;
        }
        let word = &mut line[start..i];
        if fold_all || t.any(word, ASCII_LETTER) {
            for c in word.iter_mut() {
                if let Some(&to) = t.homoglyph.get(c) {
                    *c = to;
                }
            }
        }
    }
}

/// One round of OpenCC t2s (_t2s_once).
fn t2s_once(t: &Tables, w: &mut Work) -> bool {
    let out = t.opencc(&w.text);
    if out.len() == w.text.len() {
        let changed = out != w.text;
        w.text = out;
        return changed;
    }
    // The length changed: convert Han run by Han run, and char by char inside a run whose
    // length changes (as the reference does).
    let mut reps: Vec<Option<Vec<char>>> = vec![None; w.text.len()];
    let mut any = false;
    let mut i = 0;
    while i < w.text.len() {
        if !t.is(w.text[i], HAN) {
            i += 1;
            continue;
        }
        let start = i;
        while i < w.text.len() && t.is(w.text[i], HAN) {
            i += 1;
        }
        let run = &w.text[start..i];
        let out = t.opencc(run);
        if out == run {
            continue;
        }
        if out.len() == run.len() {
            for (k, &c) in out.iter().enumerate() {
                if c != run[k] {
                    reps[start + k] = Some(vec![c]);
                    any = true;
                }
            }
            continue;
        }
        for (k, &c) in run.iter().enumerate() {
            let v = t.opencc(&[c]);
            if !v.is_empty() && v[..] != [c] {
                reps[start + k] = Some(v);
                any = true;
            }
        }
    }
    if any {
        w.map_chars(|i, _| reps[i].take());
    }
    any
}

fn t2s(t: &Tables, w: &mut Work) {
    for _ in 0..T2S_MAX_ROUNDS {
        if !t2s_once(t, w) {
            break;
        }
    }
}

/// normalize(s): the normalised text and, when some change altered a length, the source
/// position of each of its characters.
pub fn normalize(t: &Tables, s: &str) -> (String, Option<Vec<usize>>) {
    if s.is_ascii() {
        return (s.to_ascii_lowercase(), None);
    }
    let mut w = Work {
        text: s.chars().collect(),
        index: None,
    };

    // 1. NFKC per char. A char NFKC changes never occurs in NFKC-normalised text, so applying
    // the map everywhere equals the reference's "only when not is_normalized".
    if w.text.iter().any(|c| t.nfkc.contains_key(c)) {
        w.map_chars(|_, c| t.nfkc.get(&c).map(|v| v.to_vec()));
    }

    if t.any(&w.text, STEP23_GATE) {
        // 2. Remove format characters; blanks become spaces; marks after Han go.
        if t.any(&w.text, REMOVE) {
            w.map_chars(|_, c| {
                if t.is(c, REMOVE) {
                    Some(Vec::new())
                } else {
                    None
                }
            });
        }
        for c in w.text.iter_mut() {
            if t.is(*c, BLANK) {
                *c = ' ';
            }
        }
        w.remove_runs(t, MARK, HAN, None);

        // 3. Latin homoglyphs, decided line by line.
        if t.any(&w.text, HOMOGLYPH) {
            for line in w.text.split_mut(|&c| c == '\n') {
                fold_line(t, line);
            }
        }
    }

    // 4. Lower case, char by char ('Σ' included: the reference lowers it alone, to 'σ').
    if w.text.iter().any(|c| t.lower.contains_key(c)) {
        w.map_chars(|_, c| t.lower.get(&c).map(|v| v.to_vec()));
    }

    if t.any(&w.text, HAN_GATE) {
        // 5. Traditional -> Simplified.
        t2s(t, &mut w);
        // 6. Collapse separators between Han characters; then t2s again (idempotence).
        if t.any(&w.text, SEPARATOR) && w.remove_runs(t, SEPARATOR, HAN, Some(HAN)) {
            t2s(t, &mut w);
        }
    }

    (w.text.into_iter().collect(), w.index)
}
