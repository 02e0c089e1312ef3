//! honestlint._native: the compiled core of honestlint (issue 19), exposed to Python by PyO3.
//!
//! This first stage holds normalisation (`Normalizer`, the twin of
//! honestlint/text/normalize.py's `normalize`). honestlint/native.py loads it, hands it the
//! tables that Python builds, and chooses between this engine and the pure Python one.

use std::collections::{HashMap, HashSet};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PySet, PyString, PyTuple};

mod normalize;
mod scan;

/// The keys of OpenCC's TSPhrases (scripts/opencc_phrases.py), first line naming the version.
const T2S_PHRASES: &str = include_str!("../data/t2s-phrases.txt");

/// normalize() of honestlint/text/normalize.py, with the tables Python built.
#[pyclass(frozen, module = "honestlint._native")]
struct Normalizer {
    tables: normalize::Tables,
    result: Py<PyAny>, // the Normalized class
}

type Pairs<K, V> = Vec<(K, V)>;

#[pymethods]
impl Normalizer {
    /// `tables`: "classes" {name: [(lo, hi), ...]} and the maps "nfkc", "lower",
    /// "homoglyph", "t2s_char" [(char, str)], "t2s_phrases" [(str, str)]; `result`: the
    /// class of the result, called as result(text, source, index).
    #[new]
    fn new(tables: &Bound<'_, PyDict>, result: Py<PyAny>) -> PyResult<Self> {
        let get = |name: &str| -> PyResult<Bound<'_, PyAny>> {
            tables
                .get_item(name)?
                .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.to_string()))
        };
        let class_dict = get("classes")?;
        let class_dict = class_dict.cast::<PyDict>()?;
        let mut classes = Vec::new();
        for (name, bit) in normalize::CLASSES {
            let ranges: Vec<(u32, u32)> = class_dict
                .get_item(name)?
                .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name))?
                .extract()?;
            classes.push((bit, ranges));
        }
        let nfkc: Pairs<char, String> = get("nfkc")?.extract()?;
        let lower: Pairs<char, String> = get("lower")?.extract()?;
        let homoglyph: Pairs<char, char> = get("homoglyph")?.extract()?;
        let t2s_char: Pairs<char, String> = get("t2s_char")?.extract()?;
        let phrases: Pairs<String, String> = get("t2s_phrases")?.extract()?;
        let tables =
            normalize::Tables::from_parts(&classes, nfkc, lower, homoglyph, t2s_char, phrases)
                .map_err(pyo3::exceptions::PyValueError::new_err)?;
        Ok(Normalizer { tables, result })
    }

    /// normalize(s) -> Normalized, or None when `s` is not valid UTF-8 (lone surrogates): the
    /// caller then runs the Python function.
    fn __call__<'py>(&self, py: Python<'py>, s: &Bound<'py, PyString>) -> PyResult<Py<PyAny>> {
        let Ok(text) = s.to_str() else {
            return Ok(py.None());
        };
        let (out, index) = normalize::normalize(&self.tables, text);
        let out_obj: Bound<'py, PyAny> = if out == text {
            s.clone().into_any()
        } else {
            PyString::new(py, &out).into_any()
        };
        let index_obj: Bound<'py, PyAny> = match index {
            None => py.None().into_bound(py),
            Some(v) => PyList::new(py, v)?.into_any(),
        };
        let args = PyTuple::new(py, [out_obj, s.clone().into_any(), index_obj])?;
        Ok(self.result.bind(py).call1(args)?.unbind())
    }
}

/// ScanPlan.scan of honestlint/engine/scan.py, with the tables its ScanPlan built.
#[pyclass(frozen, module = "honestlint._native")]
struct Scanner {
    plan: scan::Plan,
}

#[pymethods]
impl Scanner {
    /// ScanPlan.core_tables(): `literals`; per literal `covers` (slots of one-clause regexes),
    /// `unlocks` (covered rules they let run), `partial` ((slot, clause bit) in regexes of
    /// several clauses), `owners` (rules it is a phrase or anchor of), `prefixes` (slots it is
    /// a prefix of); `full` (slot of a regex of several clauses -> the bits of all its
    /// clauses), `slot_unlocks` (such a slot -> the rules it unlocks); `odd`: the characters
    /// IGNORECASE equates with a literal's.
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        literals: Vec<String>,
        covers: Vec<Vec<u64>>,
        unlocks: Vec<HashSet<u32>>,
        partial: Vec<Vec<(u64, Bound<'_, PyAny>)>>,
        owners: Vec<Vec<u32>>,
        prefixes: Vec<Vec<u64>>,
        full: Vec<(u64, Bound<'_, PyAny>)>,
        slot_unlocks: HashMap<u64, HashSet<u32>>,
        odd: String,
    ) -> PyResult<Self> {
        let n = literals.len();
        if [
            covers.len(),
            unlocks.len(),
            partial.len(),
            owners.len(),
            prefixes.len(),
        ]
        .iter()
        .any(|&l| l != n)
        {
            return Err(PyValueError::new_err(
                "one entry per literal in every table",
            ));
        }
        // Clause bits are Python ints; a regex of more than 64 clauses is not expected (the
        // gate analysis makes a handful), and is refused rather than truncated.
        let bits = |b: &Bound<'_, PyAny>| -> PyResult<u64> {
            b.extract::<u64>()
                .map_err(|_| PyValueError::new_err("a regex of more than 64 clauses"))
        };
        let mut multi = Vec::with_capacity(full.len());
        let mut multi_of: HashMap<u64, u32> = HashMap::with_capacity(full.len());
        for (slot, all) in &full {
            multi_of.insert(*slot, multi.len() as u32);
            let mut rules: Vec<u32> = slot_unlocks
                .get(slot)
                .map(|r| r.iter().copied().collect())
                .unwrap_or_default();
            rules.sort_unstable();
            multi.push(scan::MultiClause {
                slot: *slot,
                full: bits(all)?,
                unlocks: rules.into(),
            });
        }
        let mut acts = Vec::with_capacity(n);
        for ((((cov, unl), part), own), pre) in covers
            .into_iter()
            .zip(unlocks)
            .zip(partial)
            .zip(owners)
            .zip(prefixes)
        {
            let mut clauses = Vec::with_capacity(part.len());
            for (slot, bit) in &part {
                let Some(&m) = multi_of.get(slot) else {
                    return Err(PyValueError::new_err(format!(
                        "clause of an unknown regex slot {slot}"
                    )));
                };
                clauses.push((m, bits(bit)?));
            }
            let mut unl: Vec<u32> = unl.into_iter().collect();
            unl.sort_unstable();
            acts.push(scan::LiteralActs {
                slots: cov.into(),
                unlocks: unl.into(),
                clauses: clauses.into(),
                owners: own.into(),
                prefixes: pre.into(),
            });
        }
        let plan = scan::Plan::new(&literals, acts, multi, odd.chars().collect())
            .map_err(PyValueError::new_err)?;
        Ok(Scanner { plan })
    }

    /// scan(text) -> (candidates {rule: [(start, end), ...]}, found {slot} or None, unlocked
    /// {rule}, starts {slot: [start, ...]}), as ScanPlan.scan; None when `text` is not valid
    /// UTF-8 (lone surrogates): the caller then runs the Python method.
    fn scan<'py>(&self, py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Py<PyAny>> {
        let Ok(text) = text.to_str() else {
            return Ok(py.None());
        };
        let scanned = self.plan.scan(text);
        let candidates = PyDict::new(py);
        for (owner, start, end) in scanned.candidates {
            let span = (start, end).into_pyobject(py)?;
            match candidates.get_item(owner)? {
                Some(list) => list.cast::<PyList>()?.append(span)?,
                None => candidates.set_item(owner, PyList::new(py, [span])?)?,
            }
        }
        let found: Bound<'py, PyAny> = match scanned.found {
            None => py.None().into_bound(py),
            Some(slots) => PySet::new(py, slots)?.into_any(),
        };
        let unlocked = PySet::new(py, scanned.unlocked)?;
        let starts = PyDict::new(py);
        for (slot, start) in scanned.starts {
            match starts.get_item(slot)? {
                Some(list) => list.cast::<PyList>()?.append(start)?,
                None => starts.set_item(slot, PyList::new(py, [start])?)?,
            }
        }
        Ok(PyTuple::new(
            py,
            [
                candidates.into_any(),
                found,
                unlocked.into_any(),
                starts.into_any(),
            ],
        )?
        .into_any()
        .unbind())
    }
}

/// The OpenCC version the phrase keys come from, and the keys.
#[pyfunction]
fn t2s_phrase_keys() -> (String, Vec<&'static str>) {
    let mut lines = T2S_PHRASES.lines();
    let header = lines.next().unwrap_or("");
    let version = header.split_whitespace().nth(2).unwrap_or("").to_string();
    (version, lines.filter(|l| !l.is_empty()).collect())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Normalizer>()?;
    m.add_class::<Scanner>()?;
    m.add_function(wrap_pyfunction!(t2s_phrase_keys, m)?)?;
    Ok(())
}
