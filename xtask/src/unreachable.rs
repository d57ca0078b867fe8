//! Functions and read-only data that nothing left in the wasm can reach, made a bare
//! trap and zeros (which wasm-opt then shrinks to nothing and leaves out).
//!
//! The linker keeps a function or a piece of read-only data when something refers to
//! it; `wasm-snip`, wasm-bindgen's collection of unused functions and wasm-opt remove
//! code after the link, and what only that code used stays. Two kinds stay that
//! wasm-opt cannot remove itself: data (it cannot know which addresses are read) and
//! functions in the function table (it cannot know which slots are called). The
//! largest case was core's Unicode tables for `char`'s `Debug`, reached only from the
//! message of a string sliced off a character boundary, a panic that is now a bare trap.
//!
//! So this marks what is reachable, as a garbage collector would, from the roots: the
//! exported functions and the start function; every constant in the globals; every
//! word of the memory outside the read-only sections that may go. A reachable
//! function reaches what it calls or names (`ref.func`), the table slot of each of its
//! constants (an `i32.const`, either half of an `i64.const`), and the read-only
//! section each of its constants or load and store offsets points into. A reachable
//! section reaches what each of its words does, as a constant. A load's offset never
//! names a slot: it adds to an address, and a slot index is never one. Reading only
//! from what is reachable breaks the cycles that kept dead code alive: `String`'s
//! `fmt::Write::write_fmt` names its own vtable, whose words name it.
//!
//! Every test errs towards keeping: any constant equal to a slot's index keeps that
//! slot's function. So the bundle's table starts at slot 4097 (`dist`'s `TABLE_BASE`),
//! past the small numbers code is full of. The linker's map (`--Map`) gives each
//! read-only input section's address and size, and only a section that cargo's linked
//! wasm referred to itself (a constant or an offset inside it, or a word of its data
//! pointing into it: io's error messages are named only by a table of them) may go: one
//! reached only through a neighbour's address never had a reference of its own, so it
//! is never taken for dead.
//!
//! The memory is read as the data segments lay it out, never segment by segment:
//! wasm-opt leaves runs of zeros out of the data, so a segment may end inside a word
//! (a slot index `0xd0 00 00 00` keeps only its first byte). Reading segment by segment
//! missed such words, and the widget stopped drawing.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use anyhow::{bail, ensure, Context, Result};
use wasmparser::{DataKind, ElementItems, ElementKind, ExternalKind, Operator, Parser, Payload, TypeRef};

use crate::trim::{data_segments, rewrite_functions, rewrite_section, DATA_SECTION};

/// A function body of no locals, `unreachable` and `end`.
pub(crate) const TRAP: [u8; 3] = [0x00, 0x00, 0x0b];

/// What [`Sections::without_unreachable`] removed, not counting what earlier passes had.
#[derive(Debug)]
pub struct Removed {
    /// The module, rewritten.
    pub module: Vec<u8>,
    /// Read-only sections zeroed.
    pub sections: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Functions in the table made a bare trap.
    pub functions: usize,
}

impl Removed {
    /// One line for the build's log.
    pub fn summary(&self, when: &str) -> String {
        let Removed { sections, bytes, functions, .. } = self;
        format!(
            "{when}: {sections} read-only sections ({bytes} B) zeroed, {functions} functions in the table made a trap"
        )
    }
}

/// The read-only sections of cargo's link, and which of them may go: read once for all
/// the rounds of a build.
pub struct Sections {
    /// Each input section's address range, in order.
    ranges: Vec<Range<usize>>,
    /// For each, whether cargo's wasm referred to it itself (see the module's notes).
    removable: Vec<bool>,
}

impl Sections {
    /// From cargo's wasm, before snipping (`linked`), and its linker's map.
    pub fn of(linked: &[u8], link_map: &str) -> Result<Sections> {
        let ranges = read_only_sections(link_map);
        ensure!(!ranges.is_empty(), "found no read-only section in the linker's map (has its format changed?)");
        let before = Module::read(linked).context("reading cargo's wasm")?.references();
        let removable = ranges.iter().map(|section| refers_into(&before, section)).collect();
        Ok(Sections { ranges, removable })
    }

    /// `module` with every unreachable function in the table made a trap and every
    /// unreachable read-only section zeroed.
    pub fn without_unreachable(&self, module: &[u8]) -> Result<Removed> {
        let Sections { ranges, removable } = self;
        let read = Module::read(module).context("reading the wasm")?;
        let reached = read.reachable(ranges, removable);

        let dead_sections: Vec<&Range<usize>> =
            ranges.iter().enumerate().filter(|&(i, _)| removable[i] && !reached.sections[i]).map(|(_, s)| s).collect();
        let mut dead_functions: Vec<u32> =
            read.slots.values().flatten().copied().filter(|function| !reached.functions.contains(function)).collect();
        dead_functions.sort_unstable();
        dead_functions.dedup();

        let (module, sections, bytes) = zeroed(module, &dead_sections)?;
        let (module, functions) = trapped(&module, read.imported, &dead_functions)?;
        Ok(Removed { module, sections, bytes, functions })
    }
}

/// The lowest table slot `module`'s active element segments fill, if any.
pub fn first_slot(module: &[u8]) -> Result<Option<u32>> {
    Ok(Module::read(module)?.slots.keys().min().copied())
}

/// The address ranges of the map's input sections of read-only data, in order.
///
/// Each input section is a line `address file-offset size \t\t file:(.rodata…)`
/// in hexadecimal, under its output section; its symbols follow on lines of their own.
fn read_only_sections(link_map: &str) -> Vec<Range<usize>> {
    let mut sections: Vec<Range<usize>> = link_map
        .lines()
        .filter_map(|line| {
            let mut columns = line.split_whitespace();
            let address = usize::from_str_radix(columns.next()?, 16).ok()?;
            let size = usize::from_str_radix(columns.nth(1)?, 16).ok()?;
            let input = columns.next()?;
            input.contains(":(.rodata").then_some(address..address + size)
        })
        .filter(|section| !section.is_empty())
        .collect();
    sections.sort_by_key(|section| section.start);
    sections
}

/// Whether any of the sorted `values` lies inside `section`.
fn refers_into(values: &[usize], section: &Range<usize>) -> bool {
    let first = values.partition_point(|&value| value < section.start);
    values.get(first).is_some_and(|&value| value < section.end)
}

/// The index of the section of the sorted `sections` that `address` lies in.
fn section_of(sections: &[Range<usize>], address: usize) -> Option<usize> {
    let after = sections.partition_point(|section| section.start <= address);
    after.checked_sub(1).filter(|&i| address < sections[i].end)
}

/// What one function's code refers to.
#[derive(Default)]
struct Code {
    /// Functions it calls or names with `ref.func`.
    calls: Vec<u32>,
    /// Its constants: each `i32.const`, and both halves of each `i64.const` (storing a
    /// `&str`, pointer then length, is one 64-bit store once LLVM or wasm-opt merges
    /// the two 32-bit stores).
    constants: Vec<usize>,
    /// Each load's and store's offset: part of an address, never a slot.
    offsets: Vec<usize>,
}

impl Code {
    fn push(&mut self, operator: &Operator<'_>) {
        use Operator::*;
        match *operator {
            Call { function_index } | ReturnCall { function_index } | RefFunc { function_index } => {
                self.calls.push(function_index)
            }
            I32Const { value } => self.constants.push(value as u32 as usize),
            I64Const { value } => {
                let value = value as u64;
                self.constants.extend([(value & 0xffff_ffff) as usize, (value >> 32) as usize]);
            }
            I32Load { memarg }
            | I64Load { memarg }
            | F32Load { memarg }
            | F64Load { memarg }
            | I32Load8S { memarg }
            | I32Load8U { memarg }
            | I32Load16S { memarg }
            | I32Load16U { memarg }
            | I64Load8S { memarg }
            | I64Load8U { memarg }
            | I64Load16S { memarg }
            | I64Load16U { memarg }
            | I64Load32S { memarg }
            | I64Load32U { memarg }
            | I32Store { memarg }
            | I64Store { memarg }
            | F32Store { memarg }
            | F64Store { memarg }
            | I32Store8 { memarg }
            | I32Store16 { memarg }
            | I64Store8 { memarg }
            | I64Store16 { memarg }
            | I64Store32 { memarg } => self.offsets.extend(usize::try_from(memarg.offset)),
            _ => {}
        }
    }
}

/// What the reachability needs from a module.
#[derive(Default)]
struct Module {
    /// How many functions are imported (defined ones are numbered after them).
    imported: u32,
    /// Each defined function's code, in order.
    code: Vec<Code>,
    /// The exported functions, the start function and those of passive or declared
    /// element segments (reached some way other than the table).
    roots: Vec<u32>,
    /// The constants in the globals' initial values.
    global_constants: Code,
    /// The functions in each table slot an active element segment fills.
    slots: HashMap<u32, Vec<u32>>,
    /// The memory as the active data segments lay it out, from `base` (a multiple of 4).
    base: usize,
    memory: Vec<u8>,
}

impl Module {
    fn read(module: &[u8]) -> Result<Module> {
        let mut read = Module::default();
        let mut segments = Vec::new();
        for payload in Parser::new(0).parse_all(module) {
            match payload? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if matches!(import?.ty, TypeRef::Func(_)) {
                            read.imported += 1;
                        }
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        if export.kind == ExternalKind::Func {
                            read.roots.push(export.index);
                        }
                    }
                }
                Payload::StartSection { func, .. } => read.roots.push(func),
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let mut operators = global?.init_expr.get_operators_reader();
                        while !operators.eof() {
                            read.global_constants.push(&operators.read()?);
                        }
                    }
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        let ElementItems::Functions(functions) = element.items else { continue };
                        let ElementKind::Active { offset_expr, .. } = element.kind else {
                            for function in functions {
                                read.roots.push(function?);
                            }
                            continue;
                        };
                        let Ok(Operator::I32Const { value }) = offset_expr.get_operators_reader().read() else {
                            bail!("an element segment at an offset that is not a constant");
                        };
                        for (slot, function) in (value as u32..).zip(functions) {
                            read.slots.entry(slot).or_default().push(function?);
                        }
                    }
                }
                Payload::DataSection(reader) => {
                    for segment in reader {
                        let segment = segment?;
                        let DataKind::Active { offset_expr, .. } = segment.kind else { continue };
                        let Ok(Operator::I32Const { value }) = offset_expr.get_operators_reader().read() else {
                            bail!("a data segment at an offset that is not a constant");
                        };
                        segments.push((value as u32 as usize, segment.data));
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    let mut code = Code::default();
                    let mut operators = body.get_operators_reader()?;
                    while !operators.eof() {
                        code.push(&operators.read()?);
                    }
                    read.code.push(code);
                }
                _ => {}
            }
        }
        read.base = segments.iter().map(|&(start, _)| start - start % 4).min().unwrap_or(0);
        let end = segments.iter().map(|&(start, data)| start + data.len()).max().unwrap_or(read.base);
        read.memory = vec![0; (end - read.base).next_multiple_of(4)];
        for (start, data) in segments {
            read.memory[start - read.base..start - read.base + data.len()].copy_from_slice(data);
        }
        Ok(read)
    }

    /// Every constant and offset of every function and global, and every word of the
    /// memory, sorted: what may have been an address.
    fn references(&self) -> Vec<usize> {
        let codes = self.code.iter().chain([&self.global_constants]);
        let mut values: Vec<usize> =
            codes.flat_map(|code| code.constants.iter().chain(&code.offsets)).copied().collect();
        values.extend(self.words(self.base..self.base + self.memory.len()).map(|(_, word)| word));
        values.sort_unstable();
        values
    }

    /// The aligned words of the memory whose 4 bytes overlap `range`, each with its address.
    fn words(&self, range: Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
        let first = range.start.saturating_sub(self.base) / 4;
        let last = range.end.saturating_sub(self.base).div_ceil(4).max(first);
        let words = self.memory.get(4 * first..(4 * last).min(self.memory.len())).unwrap_or_default();
        words.chunks_exact(4).enumerate().map(move |(i, word)| {
            (self.base + 4 * (first + i), u32::from_le_bytes([word[0], word[1], word[2], word[3]]) as usize)
        })
    }

    /// The functions and the sections of `sections` reachable from the roots; a section
    /// that is not `removable` counts as reached from the start, its words as roots.
    fn reachable(&self, sections: &[Range<usize>], removable: &[bool]) -> Reached {
        let mut reached =
            Reached { functions: HashSet::new(), sections: removable.iter().map(|&removable| !removable).collect() };
        let in_removable = |address: usize| section_of(sections, address).is_some_and(|i| removable[i]);
        let mut functions = self.roots.clone();
        // Constants (may be slots or addresses), then offsets (addresses only).
        let mut constants: Vec<usize> = self.global_constants.constants.clone();
        constants.extend(
            self.words(self.base..self.base + self.memory.len())
                .filter(|&(at, _)| (at..at + 4).any(|byte| !in_removable(byte)))
                .map(|(_, word)| word),
        );
        let mut offsets: Vec<usize> = self.global_constants.offsets.clone();
        loop {
            if let Some(function) = functions.pop() {
                if reached.functions.insert(function) {
                    let defined = function.checked_sub(self.imported).and_then(|i| self.code.get(i as usize));
                    if let Some(code) = defined {
                        functions.extend(&code.calls);
                        constants.extend(&code.constants);
                        offsets.extend(&code.offsets);
                    }
                }
                continue;
            }
            let address = if let Some(constant) = constants.pop() {
                if let Some(slot) = u32::try_from(constant).ok().and_then(|slot| self.slots.get(&slot)) {
                    functions.extend(slot);
                }
                constant
            } else if let Some(offset) = offsets.pop() {
                offset
            } else {
                break;
            };
            if let Some(i) = section_of(sections, address).filter(|&i| !reached.sections[i]) {
                reached.sections[i] = true;
                constants.extend(self.words(sections[i].clone()).map(|(_, word)| word));
            }
        }
        reached
    }
}

/// What [`Module::reachable`] found.
struct Reached {
    functions: HashSet<u32>,
    /// One for each read-only section.
    sections: Vec<bool>,
}

/// `module` with the `dead` sections zeroed, and how many sections and bytes were not
/// zeros already.
fn zeroed(module: &[u8], dead: &[&Range<usize>]) -> Result<(Vec<u8>, usize, usize)> {
    let (mut sections, mut bytes) = (0, 0);
    let rewritten = rewrite_section(module, DATA_SECTION, |body| {
        let segments = data_segments(body)?;
        let mut body = body.to_vec();
        for section in dead {
            let mut was_data = false;
            for &(start, at, size) in &segments {
                let (from, to) = (section.start.max(start), section.end.min(start + size));
                if from < to {
                    let span = &mut body[at + from - start..at + to - start];
                    was_data |= span.iter().any(|&byte| byte != 0);
                    span.fill(0);
                }
            }
            if was_data {
                sections += 1;
                bytes += section.len();
            }
        }
        Some(body)
    })
    .context("rewriting the data section")?;
    Ok((rewritten, sections, bytes))
}

/// `module` with the body of each of the sorted `dead` functions replaced by `unreachable`,
/// and how many were not that already. `imported`: how many functions come first, imported.
fn trapped(module: &[u8], imported: u32, dead: &[u32]) -> Result<(Vec<u8>, usize)> {
    let mut trapped = 0;
    let rewritten = rewrite_functions(module, |position, function| {
        let index = imported + u32::try_from(position).ok()?;
        if dead.binary_search(&index).is_err() {
            return Some(function.to_vec());
        }
        trapped += usize::from(function != TRAP);
        Some(TRAP.to_vec())
    })?;
    Ok((rewritten, trapped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn without_unreachable(linked: &[u8], link_map: &str, module: &[u8]) -> Result<Removed> {
        Sections::of(linked, link_map)?.without_unreachable(module)
    }

    /// A linker's map of four read-only sections of 16 bytes at 0x1000, 0x1010, 0x1020
    /// and 0x1030, as wasm-ld writes one (the symbol lines below each are ignored).
    const MAP: &str = "    Addr      Off     Size Out     In      Symbol
       -     1000       40 DATA
    1000     1001       40 .rodata
    1000     1002       10         lib.rlib(core.o):(.rodata..Lanon.1)
    1000     1002       10                 anon
    1010     1012       10         lib.rlib(core.o):(.rodata._RNvCs_4core6TABLE)
    1010     1012       10                 _RNvCs_4core6TABLE
    1020     1022       10         lib.rlib(core.o):(.rodata..Lanon.2)
    1030     1032       10         widget.o:(.rodata..Lanon.3)
    1040     1042        4         widget.o:(.data.COUNTER)
";

    /// Cargo's wasm as the tests have it: code that referred to all four sections.
    fn linked() -> Vec<u8> {
        module("i32.const 0x1000 drop i32.const 0x1010 drop i32.const 0x1020 drop i32.const 0x1030 drop", "", "")
    }

    /// A module with one page of memory, the four sections' bytes (0x11 to 0x44, or
    /// `sections` in wat's string syntax) at 0x1000, `data` after them at 0x1040
    /// (writable data, outside the sections), `more` (imports, functions, a table, its
    /// elements) and, after them, an exported function with `code` as its body.
    fn module_with(sections: &str, code: &str, data: &str, more: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module {more} (memory 1) (func (export "main") {code})
                (data (i32.const 0x1000) "{sections}" "{data}"))"#
        ))
        .expect("valid wat")
    }

    fn module(code: &str, data: &str, more: &str) -> Vec<u8> {
        let sections = [r"\11", r"\22", r"\33", r"\44"].map(|byte| byte.repeat(16)).concat();
        module_with(&sections, code, data, more)
    }

    /// The bytes at 0x1000 to 0x1040 (the four sections) of `module`'s one data segment.
    fn sections_of(module: &[u8]) -> Vec<u8> {
        let segment = Parser::new(0)
            .parse_all(module)
            .find_map(|payload| match payload {
                Ok(Payload::DataSection(reader)) => reader.into_iter().next()?.ok(),
                _ => None,
            })
            .expect("one data segment");
        segment.data[..64].to_vec()
    }

    /// The four sections' bytes with the `dead` ones zeroed.
    fn expected(dead: &[usize]) -> Vec<u8> {
        (0..4).flat_map(|n| [if dead.contains(&n) { 0 } else { 0x11 * (n as u8 + 1) }; 16]).collect()
    }

    /// Each defined function's body as wasmparser reads it, as raw bytes.
    fn bodies(module: &[u8]) -> Vec<Vec<u8>> {
        Parser::new(0)
            .parse_all(module)
            .filter_map(|payload| match payload {
                Ok(Payload::CodeSectionEntry(body)) => Some(body.as_bytes().to_vec()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn data_that_only_removed_code_read_becomes_zeros_and_the_rest_stays() {
        // The first section is read at its address, the last through a load's offset,
        // the third only by a function nothing reaches.
        let snipped = module(
            "i32.const 0x1000 drop i32.const 0 i32.load offset=0x1030 drop",
            "",
            "(func $unreached (drop (i32.const 0x1028)))",
        );
        let removed = without_unreachable(&linked(), MAP, &snipped).expect("rewritten");
        assert_eq!((removed.sections, removed.bytes), (2, 32));
        assert_eq!(sections_of(&removed.module), expected(&[1, 2]));
        let again = without_unreachable(&linked(), MAP, &removed.module).expect("rewritten");
        assert_eq!((again.sections, again.bytes), (0, 0), "a second pass counts none of them again");
        assert_eq!(again.module, removed.module);
    }

    #[test]
    fn data_a_pointer_in_the_writable_data_names_stays() {
        // A word at 0x1040 holding 0x1014: a pointer into the second section.
        let removed = without_unreachable(&linked(), MAP, &module("", r"\14\10\00\00", "")).expect("rewritten");
        assert_eq!(sections_of(&removed.module), expected(&[0, 2, 3]));
    }

    #[test]
    fn data_a_reached_section_points_into_stays_and_so_on() {
        // main reads the first section, whose first word points into the third.
        let sections =
            [r"\24\10\00\00", &r"\11".repeat(12), &r"\22".repeat(16), &r"\33".repeat(16), &r"\44".repeat(16)];
        let snipped = module_with(&sections.concat(), "i32.const 0x1000 drop", "", "");
        let removed = without_unreachable(&linked(), MAP, &snipped).expect("rewritten");
        assert_eq!((removed.sections, removed.bytes), (2, 32));
        assert_eq!(sections_of(&removed.module)[32..48], [0x33; 16], "the third stays");
    }

    #[test]
    fn data_a_64_bit_constant_holds_the_address_of_stays() {
        // A `&str` stored as one 64-bit word: length 16 in the high half, 0x1020 in the low.
        let snipped = module("i64.const 0x0000001000001020 drop", "", "");
        let removed = without_unreachable(&linked(), MAP, &snipped).expect("rewritten");
        assert_eq!(sections_of(&removed.module), expected(&[0, 1, 3]));
    }

    #[test]
    fn data_that_no_code_named_even_before_stays() {
        // The second section may be read through the first's address plus an offset
        // that only runs at run time: with no reference of its own, it is never dead.
        let snipped = module("i32.const 0x1000 drop", "", "");
        let linked = module("i32.const 0x1000 drop", "", "");
        let removed = without_unreachable(&linked, MAP, &snipped).expect("rewritten");
        assert_eq!((removed.sections, removed.module), (0, snipped));
    }

    #[test]
    fn data_cargo_s_wasm_named_only_through_a_table_of_pointers_may_go_too() {
        // The first section is a table whose first word points into the second (as io's
        // table of error messages does); cargo's code named only the table.
        let sections =
            [r"\14\10\00\00", &r"\11".repeat(12), &r"\22".repeat(16), &r"\33".repeat(16), &r"\44".repeat(16)];
        let linked = module_with(&sections.concat(), "i32.const 0x1000 drop", "", "");
        let snipped = module_with(&sections.concat(), "", "", "");
        let removed = without_unreachable(&linked, MAP, &snipped).expect("rewritten");
        assert_eq!((removed.sections, removed.bytes), (2, 32), "the table and the message it named");
    }

    #[test]
    fn a_word_is_read_from_the_memory_however_wasm_opt_cut_the_segments() {
        // 0x1014 at 0x1040 whose two zero bytes wasm-opt left out (the segment ends
        // after its second byte), and slot 3 at 0x1048 split across two segments.
        let cut = wat::parse_str(
            r#"(module (memory 1) (table 4 funcref) (func $f (nop)) (elem (i32.const 3) func $f)
                (data (i32.const 0x1010) "\22\22") (data (i32.const 0x1040) "\14\10")
                (data (i32.const 0x1048) "\03") (data (i32.const 0x1049) "\00\00\00"))"#,
        )
        .expect("valid wat");
        let removed = without_unreachable(&linked(), MAP, &cut).expect("rewritten");
        assert_eq!((removed.sections, removed.functions), (0, 0));
    }

    #[test]
    fn the_first_slot_is_the_element_segment_s_offset() {
        let more = "(table 9 funcref) (func $f (nop)) (elem (i32.const 7) $f $f)";
        assert_eq!(first_slot(&module("", "", more)).expect("a module"), Some(7));
        assert_eq!(first_slot(&module("", "", "")).expect("a module"), None);
    }

    #[test]
    fn only_read_only_sections_count() {
        assert_eq!(read_only_sections(MAP), [0x1000..0x1010, 0x1010..0x1020, 0x1020..0x1030, 0x1030..0x1040]);
    }

    #[test]
    fn a_map_without_read_only_sections_fails_the_build() {
        let error =
            without_unreachable(&linked(), "Addr Off Size Out In Symbol\n", &linked()).expect_err("no sections");
        assert!(format!("{error:#}").contains("linker's map"), "{error:#}");
    }

    #[test]
    fn only_functions_nothing_reaches_through_the_table_become_traps() {
        // Slots 1 to 7 hold $kept_by_const, $kept_by_data, $kept_by_export,
        // $kept_by_call, $dead, $also_dead and $kept_by_i64; main names slot 1, calls
        // $kept_by_call, has 5 only as a load's offset and 7 as the high half of an
        // `i64.const`, and the writable data holds the number 2. $also_dead is named
        // only by $dead.
        let more = r#"(import "w" "f" (func $imported))
            (table 8 funcref)
            (func $kept_by_const (nop))
            (func $kept_by_data (nop))
            (func $kept_by_export (nop))
            (func $kept_by_call (nop))
            (func $dead (drop (i32.const 6)))
            (func $also_dead (nop))
            (func $kept_by_i64 (nop))
            (export "e" (func $kept_by_export))
            (elem (i32.const 1) func $kept_by_const $kept_by_data $kept_by_export $kept_by_call $dead $also_dead $kept_by_i64)"#;
        let code = "(drop (i32.const 1)) (call $kept_by_call) (drop (i32.load offset=5 (i32.const 0))) \
            (drop (i64.const 0x0000000700000000))";
        let snipped = module(code, r"\02\00\00\00", more);
        let removed = without_unreachable(&linked(), MAP, &snipped).expect("rewritten");
        assert_eq!(removed.functions, 2);
        let (before, after) = (bodies(&snipped), bodies(&removed.module));
        assert_eq!(after[..4], before[..4], "the four kept ones are unchanged");
        assert_eq!(after[4..6], [TRAP.to_vec(), TRAP.to_vec()], "and reads back as two functions");
        assert_eq!(after[6..], before[6..], "the one an i64.const names stays, and main");
        let again = without_unreachable(&linked(), MAP, &removed.module).expect("rewritten");
        assert_eq!((again.functions, again.module), (0, removed.module), "a second pass finds nothing new");
    }

    #[test]
    fn a_function_in_two_slots_stays_if_either_is_named() {
        let snipped =
            module("(drop (i32.const 2))", "", "(table 4 funcref) (func $f (nop)) (elem (i32.const 1) func $f $f)");
        let removed = without_unreachable(&linked(), MAP, &snipped).expect("rewritten");
        assert_eq!(removed.functions, 0);
        assert_eq!(bodies(&removed.module), bodies(&snipped));
    }

    #[test]
    fn a_vtable_and_the_method_that_names_it_go_together_once_nothing_else_reaches_them() {
        // The second section is a vtable whose first word is slot 1, and the function in
        // slot 1 names the vtable (as `write_fmt` names its own); main reaches neither.
        // The fourth is a vtable main reaches: its slot 2 stays, and with it the third
        // section that function reads.
        let sections = [
            &r"\11".repeat(16),
            r"\01\00\00\00",
            &r"\22".repeat(12),
            &r"\33".repeat(16),
            r"\02\00\00\00",
            &r"\44".repeat(12),
        ];
        let more = r#"(table 4 funcref)
            (func $write_fmt (drop (i32.const 0x1010)))
            (func $kept (drop (i32.const 0x1020)))
            (elem (i32.const 1) func $write_fmt $kept)"#;
        let snipped = module_with(&sections.concat(), "i32.const 0x1030 drop", "", more);
        let removed = without_unreachable(&linked(), MAP, &snipped).expect("rewritten");
        assert_eq!((removed.sections, removed.bytes, removed.functions), (2, 32, 1));
        let kept = sections_of(&removed.module);
        assert_eq!(kept[..32], [0; 32], "the first (never reached) and the cycle's vtable");
        assert_eq!(kept[32..48], [0x33; 16]);
        assert_eq!(bodies(&removed.module)[..2], [TRAP.to_vec(), bodies(&snipped)[1].clone()]);
    }
}
