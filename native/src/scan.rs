//! `ScanPlan.scan` of honestlint/engine/scan.py, computed in Rust with the same result.
//!
//! The Python ScanPlan decides what every literal means (which rules it is a phrase or anchor
//! of, which regexes it lets run, which clause of which regex it is, which regex it is a prefix
//! of) and hands those tables over once; this file only runs one automaton over a field and
//! applies them. The reference is the Python method, kept beside it: same automaton crate
//! (ahocorasick_rs wraps aho-corasick), same match order, same results.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// What finding one literal does (its index in the automaton).
#[derive(Default)]
pub struct LiteralActs {
    /// Slots of one-clause regexes it lets run.
    pub slots: Box<[u64]>,
    /// Covered rules that finding it lets run.
    pub unlocks: Box<[u32]>,
    /// (multi-clause regex, clause bit) it is a literal of.
    pub clauses: Box<[(u32, u64)]>,
    /// Rules it is a phrase or anchor of.
    pub owners: Box<[u32]>,
    /// Slots of regexes it is a prefix of.
    pub prefixes: Box<[u64]>,
}

/// A regex of several clauses: it may match once a literal of each clause was found.
pub struct MultiClause {
    pub slot: u64,
    pub full: u64,
    pub unlocks: Box<[u32]>,
}

pub struct Plan {
    automaton: AhoCorasick,
    acts: Vec<LiteralActs>,
    multi: Vec<MultiClause>,
    /// Characters IGNORECASE equates with a literal's (sorted): a text holding one gets
    /// `found = None`, each regex then checking its own gate.
    odd: Vec<char>,
}

/// One scan's result, positions in characters (Python string indices).
pub struct Scanned {
    /// (rule, start, end) in match order.
    pub candidates: Vec<(u32, usize, usize)>,
    /// None: the text holds an odd character.
    pub found: Option<Vec<u64>>,
    pub unlocked: Vec<u32>,
    /// (slot, start) in match order.
    pub starts: Vec<(u64, usize)>,
}

impl Plan {
    pub fn new(
        literals: &[String],
        acts: Vec<LiteralActs>,
        multi: Vec<MultiClause>,
        mut odd: Vec<char>,
    ) -> Result<Plan, String> {
        if literals.len() != acts.len() {
            return Err("one act per literal".into());
        }
        if let Some(bad) = acts
            .iter()
            .flat_map(|a| a.clauses.iter())
            .find(|(m, _)| *m as usize >= multi.len())
        {
            return Err(format!("clause of an unknown regex {}", bad.0));
        }
        // A contiguous NFA: a DFA of the ~12,000 literals takes about 110 ms to build, paid by
        // every one-listing run, and scans real copy no faster (bench: 5.1 s vs 5.4 s on
        // 1.4 M fields, within noise); the contiguous NFA builds in about 25 ms.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(literals)
            .map_err(|e| e.to_string())?;
        odd.sort_unstable();
        odd.dedup();
        Ok(Plan {
            automaton,
            acts,
            multi,
            odd,
        })
    }

    pub fn scan(&self, text: &str) -> Scanned {
        let mut out = Scanned {
            candidates: Vec::new(),
            found: Some(Vec::new()),
            unlocked: Vec::new(),
            starts: Vec::new(),
        };
        if text.is_empty() || self.acts.is_empty() {
            return out;
        }
        // Byte offsets to character offsets, built only for text that is not ASCII.
        let char_at: Option<Vec<u32>> = if text.is_ascii() {
            None
        } else {
            let mut map = vec![0u32; text.len() + 1];
            let mut n = 0u32;
            for (b, _) in text.char_indices() {
                map[b] = n;
                n += 1;
            }
            map[text.len()] = n;
            Some(map)
        };
        let pos = |b: usize| -> usize { char_at.as_ref().map_or(b, |m| m[b] as usize) };
        let mut seen = vec![false; self.acts.len()];
        let mut found: Vec<u64> = Vec::new();
        let mut unlocked: Vec<u32> = Vec::new();
        let mut clause_bits: Vec<(u32, u64)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let literal = m.pattern().as_usize();
            let acts = &self.acts[literal];
            if !seen[literal] {
                seen[literal] = true;
                if !acts.slots.is_empty() {
                    found.extend_from_slice(&acts.slots);
                    unlocked.extend_from_slice(&acts.unlocks);
                }
                clause_bits.extend_from_slice(&acts.clauses);
            }
            if !acts.owners.is_empty() || !acts.prefixes.is_empty() {
                let (start, end) = (pos(m.start()), pos(m.end()));
                for &owner in acts.owners.iter() {
                    out.candidates.push((owner, start, end));
                }
                for &slot in acts.prefixes.iter() {
                    out.starts.push((slot, start));
                }
            }
        }
        if !clause_bits.is_empty() {
            clause_bits.sort_unstable();
            let mut i = 0;
            while i < clause_bits.len() {
                let regex = clause_bits[i].0;
                let mut bits = 0u64;
                while i < clause_bits.len() && clause_bits[i].0 == regex {
                    bits |= clause_bits[i].1;
                    i += 1;
                }
                let multi = &self.multi[regex as usize];
                if bits == multi.full {
                    found.push(multi.slot);
                    unlocked.extend_from_slice(&multi.unlocks);
                }
            }
        }
        unlocked.sort_unstable();
        unlocked.dedup();
        found.sort_unstable();
        found.dedup();
        out.unlocked = unlocked;
        out.found =
            if !self.odd.is_empty() && text.chars().any(|c| self.odd.binary_search(&c).is_ok()) {
                None
            } else {
                Some(found)
            };
        out
    }
}
