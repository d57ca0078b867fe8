//! Read-only data that only snipped code read, overwritten with zeros (which wasm-opt
//! then leaves out of the data segments).
//!
//! The linker keeps a piece of read-only data when some code refers to it; `wasm-snip`
//! and wasm-bindgen's collection of unreachable functions remove code after the link,
//! so the data that only that code read stays in the wasm, though nothing can read it.
//! The largest case is core's Unicode tables for `char`'s `Debug`: only the message of
//! a string sliced off a character boundary formats a `char` that way, and once that
//! panic is a bare trap, 2.4 KB of tables are left that no code names.
//!
//! The linker's map (`--Map`) gives each input section's address and size. A section
//! is dead when cargo's linked wasm has code that refers to it (an `i32.const`, half
//! of an `i64.const`, or a load's or store's offset inside it) and the module after
//! snipping has none, and no word of the data points into it. The first condition keeps
//! every section reached in some way this does not see (through a neighbour's address,
//! say): those never had a reference of their own, so they are never taken for dead.
//!
//! It runs before wasm-opt, on code as LLVM wrote it, and again on wasm-opt's output,
//! which has dropped what the snipped traps were handed. There the data is in many
//! segments (wasm-opt leaves runs of zeros out), so the words are read from the memory
//! the segments lay out, never segment by segment: a pointer or a table index whose
//! high zero bytes were left out is still seen (reading segment by segment missed
//! them, and the widget stopped drawing).

use std::ops::Range;

use anyhow::{ensure, Context, Result};
use wasmparser::{DataKind, Operator, Parser, Payload};

use crate::trim::{data_segments, rewrite_section, DATA_SECTION};

/// `module` with every dead read-only section zeroed, and how many sections and bytes
/// that was (not counting those that were zeros already). `linked` is cargo's wasm, before snipping; `link_map` its linker's map.
pub fn without_dead_data(linked: &[u8], link_map: &str, module: &[u8]) -> Result<(Vec<u8>, usize, usize)> {
    let sections = read_only_sections(link_map);
    ensure!(!sections.is_empty(), "found no read-only section in the linker's map (has its format changed?)");
    let before = addresses_in_code(linked).context("reading cargo's wasm")?;
    let after = addresses_in_code(module).context("reading wasm-bindgen's wasm")?;
    let pointers = words_in_data(module).context("reading wasm-bindgen's data")?;
    let dead: Vec<Range<usize>> = sections
        .into_iter()
        .filter(|section| {
            refers_into(&before, section) && !refers_into(&after, section) && !refers_into(&pointers, section)
        })
        .collect();
    // Sections already all zeros (from an earlier pass) are not counted again.
    let (mut zeroed, mut bytes) = (0, 0);
    let rewritten = rewrite_section(module, DATA_SECTION, |body| {
        let segments = data_segments(body)?;
        let mut body = body.to_vec();
        for section in &dead {
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
                zeroed += 1;
                bytes += section.len();
            }
        }
        Some(body)
    })
    .context("rewriting the data section")?;
    Ok((rewritten, zeroed, bytes))
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

/// Every value in `module`'s code that could be an address: its constants (see
/// [`constants_in_code`]) and each load's or store's offset. Sorted.
pub(crate) fn addresses_in_code(module: &[u8]) -> Result<Vec<usize>> {
    values_in_code(module, true)
}

/// Every constant in `module`'s code, in functions and in globals' initial values: each
/// `i32.const`, and each `i64.const` as two, its halves (storing a `&str`, pointer then
/// length, is one 64-bit store of both once LLVM or wasm-opt merges the two 32-bit
/// stores). Sorted.
pub(crate) fn constants_in_code(module: &[u8]) -> Result<Vec<usize>> {
    values_in_code(module, false)
}

fn values_in_code(module: &[u8], with_offsets: bool) -> Result<Vec<usize>> {
    let mut values = Vec::new();
    let mut push = |operator: &Operator<'_>| match *operator {
        Operator::I32Const { value } => values.push(value as u32 as usize),
        Operator::I64Const { value } => {
            let value = value as u64;
            values.extend([(value & 0xffff_ffff) as usize, (value >> 32) as usize]);
        }
        _ if with_offsets => values.extend(offset_in(operator)),
        _ => {}
    };
    for payload in Parser::new(0).parse_all(module) {
        let mut operators = match payload? {
            Payload::CodeSectionEntry(body) => body.get_operators_reader()?,
            Payload::GlobalSection(reader) => {
                for global in reader {
                    let mut operators = global?.init_expr.get_operators_reader();
                    while !operators.eof() {
                        push(&operators.read()?);
                    }
                }
                continue;
            }
            _ => continue,
        };
        while !operators.eof() {
            push(&operators.read()?);
        }
    }
    values.sort_unstable();
    Ok(values)
}

/// The offset of a load or a store.
fn offset_in(operator: &Operator<'_>) -> Option<usize> {
    use Operator::*;
    match operator {
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
        | I64Store32 { memarg } => usize::try_from(memarg.offset).ok(),
        _ => None,
    }
}

/// Every aligned 32-bit word of `module`'s memory as its data lays it out (a pointer, if
/// it is one). Sorted.
///
/// Read from the memory, not segment by segment: wasm-opt leaves runs of zeros out of the
/// data, so a segment may end inside a word (a table index `0xd0 00 00 00` keeps only its
/// first byte) or a word may lie across two segments.
pub(crate) fn words_in_data(module: &[u8]) -> Result<Vec<usize>> {
    let mut segments = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        let Payload::DataSection(reader) = payload? else { continue };
        for segment in reader {
            let segment = segment?;
            let DataKind::Active { offset_expr, .. } = segment.kind else { continue };
            let Ok(Operator::I32Const { value }) = offset_expr.get_operators_reader().read() else { continue };
            segments.push((value as u32 as usize, segment.data));
        }
    }
    let Some(base) = segments.iter().map(|&(start, _)| start - start % 4).min() else { return Ok(Vec::new()) };
    let end = segments.iter().map(|&(start, data)| start + data.len()).max().unwrap_or(base);
    let mut memory = vec![0; (end - base).next_multiple_of(4)];
    for (start, data) in segments {
        memory[start - base..start - base + data.len()].copy_from_slice(data);
    }
    let mut words: Vec<usize> =
        memory.chunks_exact(4).map(|word| u32::from_le_bytes([word[0], word[1], word[2], word[3]]) as usize).collect();
    words.sort_unstable();
    Ok(words)
}

/// Whether any of the sorted `values` lies inside `section`.
fn refers_into(values: &[usize], section: &Range<usize>) -> bool {
    let first = values.partition_point(|&value| value < section.start);
    values.get(first).is_some_and(|&value| value < section.end)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A module with one page of memory, the four sections' bytes (0x11 to 0x44) at
    /// 0x1000, `data` after them at 0x1040, and one function with `code` as its body.
    fn module(code: &str, data: &str) -> Vec<u8> {
        wat::parse_str(format!(
            r#"(module (memory 1) (func {code})
                (data (i32.const 0x1000) "{}{}{}{}" "{data}"))"#,
            r"\11".repeat(16),
            r"\22".repeat(16),
            r"\33".repeat(16),
            r"\44".repeat(16)
        ))
        .expect("valid wat")
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

    #[test]
    fn data_that_only_removed_code_read_becomes_zeros_and_the_rest_stays() {
        // Before: code reads all four (the last through a load's offset, the third at an
        // address inside it). After: only the first and the last are still read.
        let linked = module(
            "i32.const 0x1000 drop i32.const 0x1010 drop i32.const 0x1028 drop i32.const 0 i32.load offset=0x1030 drop",
            "",
        );
        let snipped = module("i32.const 0x1000 drop i32.const 0 i32.load offset=0x1030 drop", "");
        let (out, sections, bytes) = without_dead_data(&linked, MAP, &snipped).expect("rewritten");
        assert_eq!((sections, bytes), (2, 32));
        assert_eq!(sections_of(&out), expected(&[1, 2]));
        let (again, sections, bytes) = without_dead_data(&linked, MAP, &out).expect("rewritten");
        assert_eq!((sections, bytes, again), (0, 0, out), "a second pass counts none of them again");
    }

    #[test]
    fn data_a_pointer_in_the_data_names_stays() {
        let linked = module("i32.const 0x1010 drop i32.const 0x1020 drop", "");
        // A word at 0x1040 holding 0x1014: a pointer into the second section.
        let snipped = module("", r"\14\10\00\00");
        let (out, sections, _) = without_dead_data(&linked, MAP, &snipped).expect("rewritten");
        assert_eq!(sections, 1);
        assert_eq!(sections_of(&out), expected(&[2]));
    }

    #[test]
    fn a_word_is_read_from_the_memory_however_wasm_opt_cut_the_segments() {
        // 0x1014 at 0x1040 whose two zero bytes wasm-opt left out (the segment ends
        // after its second byte), and 0xd0 at 0x1048 split across two segments.
        let cut = wat::parse_str(
            r#"(module (memory 1) (data (i32.const 0x1040) "\14\10") (data (i32.const 0x1048) "\d0") (data (i32.const 0x1049) "\00\00\00"))"#,
        )
        .expect("valid wat");
        let words = words_in_data(&cut).expect("read");
        assert!(words.binary_search(&0x1014).is_ok(), "{words:x?}");
        assert!(words.binary_search(&0xd0).is_ok(), "{words:x?}");
    }

    #[test]
    fn data_a_64_bit_constant_holds_the_address_of_stays() {
        // A `&str` stored as one 64-bit word: length 16 in the high half, 0x1020 in the low.
        let linked = module("i32.const 0x1010 drop i32.const 0x1020 drop", "");
        let snipped = module("i64.const 0x0000001000001020 drop", "");
        let (out, sections, _) = without_dead_data(&linked, MAP, &snipped).expect("rewritten");
        assert_eq!(sections, 1);
        assert_eq!(sections_of(&out), expected(&[1]));
    }

    #[test]
    fn data_that_no_code_named_even_before_stays() {
        // The second section may be read through the first's address plus an offset
        // that only runs at run time: with no reference of its own, it is never dead.
        let linked = module("i32.const 0x1000 drop", "");
        let snipped = module("i32.const 0x1000 drop", "");
        let (out, sections, _) = without_dead_data(&linked, MAP, &snipped).expect("rewritten");
        assert_eq!(sections, 0);
        assert_eq!(out, snipped);
    }

    #[test]
    fn only_read_only_sections_count() {
        assert_eq!(read_only_sections(MAP), [0x1000..0x1010, 0x1010..0x1020, 0x1020..0x1030, 0x1030..0x1040]);
    }

    #[test]
    fn a_map_without_read_only_sections_fails_the_build() {
        let linked = module("", "");
        let error = without_dead_data(&linked, "Addr Off Size Out In Symbol\n", &linked).expect_err("no sections");
        assert!(format!("{error:#}").contains("linker's map"), "{error:#}");
    }
}
