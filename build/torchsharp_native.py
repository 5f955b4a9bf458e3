#!/usr/bin/env python3
"""Makes TorchSharp's native bridge load on hosts whose libstdc++ predates GLIBCXX_3.4.32.

libLibTorchSharp.so (TorchSharp-cpu 0.107.0) was linked against GCC 13's libstdc++ and asks for
symbol version GLIBCXX_3.4.32, which Debian 12 (GCC 12, GLIBCXX up to 3.4.30) lacks. The only
symbol it needs from that version is std::ios_base_library_init(), a hook GCC 13 emits for
<iostream> static initialisation whose work GCC 12's libstdc++ already does on its own. So:

  1. the version need is marked weak (VER_FLG_WEAK), so the dynamic loader no longer refuses the
     library when the version is absent;
  2. a tiny library defining an empty std::ios_base_library_init() is built with g++ and added to
     the library's DT_NEEDED list, so the one symbol of that version still resolves (the loader
     accepts an unversioned definition for a versioned reference).

The script never edits its input: it reads the library (normally in the NuGet cache) and writes a
patched copy to a new file in --out-dir, replacing any previous output by rename. It is
idempotent and deterministic. Usage:

  torchsharp_native.py prepare --source <libLibTorchSharp.so> --out-dir <dir>

writes <dir>/libLibTorchSharp.so, <dir>/<shim> and finally <dir>/mode.txt containing "patched", or
only mode.txt containing "unchanged" when this host's libstdc++ already provides the version.
"""

import argparse
import ctypes
import os
import struct
import subprocess
import sys
import tempfile

MISSING_VERSION = b"GLIBCXX_3.4.32"
SHIM_NAME = "libglibcxx-3.4.32-compat.so"
SHIM_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "glibcxx_compat.cpp")
LIBRARY_NAME = "libLibTorchSharp.so"

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_NEEDED, DT_STRTAB, DT_STRSZ, DT_RPATH, DT_RUNPATH = 0, 1, 5, 10, 15, 29
DT_VERNEED, DT_VERNEEDNUM = 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2
# Bytes at the end of the run path string that are left untouched, in case the linker merged a
# shorter string into its tail.
RUNPATH_TAIL_KEPT = 16


class ElfError(Exception):
    pass


def system_libstdcxx_has(version: bytes) -> bool:
    """True when the libstdc++ this host loads by default defines the given symbol version."""
    ctypes.CDLL("libstdc++.so.6")
    with open("/proc/self/maps", "r", encoding="utf-8", errors="replace") as maps:
        paths = {line.split()[-1] for line in maps if "libstdc++.so" in line}
    for path in paths:
        with open(path, "rb") as library:
            if version + b"\0" in library.read():
                return True
    return False


class Elf64:
    """Just enough of an ELF64 little-endian shared object to edit its dynamic section."""

    def __init__(self, data: bytearray):
        if data[:4] != b"\x7fELF":
            raise ElfError("not an ELF file")
        if data[4] != 2 or data[5] != 1:
            raise ElfError("only ELF64 little-endian is supported")
        self.data = data
        phoff, = struct.unpack_from("<Q", data, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
        self.loads = []
        self.dynamic = None
        for i in range(phnum):
            p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ = struct.unpack_from(
                "<IIQQQQQQ", data, phoff + i * phentsize)
            if p_type == PT_LOAD:
                self.loads.append((p_vaddr, p_offset, p_filesz))
            elif p_type == PT_DYNAMIC:
                self.dynamic = (p_offset, p_filesz)
        if self.dynamic is None:
            raise ElfError("no PT_DYNAMIC segment")

    def offset_of(self, vaddr: int) -> int:
        for start, offset, size in self.loads:
            if start <= vaddr < start + size:
                return offset + vaddr - start
        raise ElfError(f"address {vaddr:#x} is not in any loaded segment")

    def dynamic_entries(self):
        offset, size = self.dynamic
        return [struct.unpack_from("<qQ", self.data, offset + i * 16) for i in range(size // 16)]

    def dynamic_value(self, tag: int):
        for entry_tag, value in self.dynamic_entries():
            if entry_tag == DT_NULL:
                return None
            if entry_tag == tag:
                return value
        return None

    def string(self, strtab: int, index: int) -> bytes:
        start = strtab + index
        return bytes(self.data[start:self.data.index(b"\0", start)])


def mark_version_weak(elf: Elf64, strtab: int, version: bytes) -> bool:
    """Sets VER_FLG_WEAK on every Vernaux entry naming version; returns whether it found one."""
    verneed, count = elf.dynamic_value(DT_VERNEED), elf.dynamic_value(DT_VERNEEDNUM)
    if verneed is None or count is None:
        return False
    found = False
    need = elf.offset_of(verneed)
    for _ in range(count):
        _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", elf.data, need)
        aux = need + vn_aux
        for _ in range(vn_cnt):
            _, flags, _, name, next_aux = struct.unpack_from("<IHHII", elf.data, aux)
            if elf.string(strtab, name) == version:
                struct.pack_into("<H", elf.data, aux + 4, flags | VER_FLG_WEAK)
                found = True
            aux += next_aux
        need += vn_next
    return found


def add_needed(elf: Elf64, strtab: int, library: str) -> None:
    """Appends DT_NEEDED library, storing its name in the unused tail of the run path string.

    The run path of TorchSharp's build is "$ORIGIN/" followed by directories of its CI machine;
    only "$ORIGIN/" matters (the libtorch libraries sit next to it), so the first ':' becomes the
    end of the run path and the bytes after it hold the new name.
    """
    name = library.encode()
    entries = elf.dynamic_entries()
    for tag, value in entries:
        if tag == DT_NEEDED and elf.string(strtab, value) == name:
            return
    terminator = next((i for i, (tag, _) in enumerate(entries) if tag == DT_NULL), None)
    if terminator is None or terminator + 1 >= len(entries):
        raise ElfError("no spare slot in the dynamic section for another DT_NEEDED entry")

    runpath_index = elf.dynamic_value(DT_RUNPATH)
    if runpath_index is None:
        runpath_index = elf.dynamic_value(DT_RPATH)
    if runpath_index is None:
        raise ElfError("no DT_RUNPATH/DT_RPATH string to make room for the shim's name")
    runpath = elf.string(strtab, runpath_index)
    if not runpath.startswith(b"$ORIGIN"):
        raise ElfError(f"unexpected run path {runpath!r}; it should start with $ORIGIN")
    colon = runpath.find(b":")
    if colon < 0 or colon + 1 + len(name) + 1 > len(runpath) - RUNPATH_TAIL_KEPT:
        raise ElfError(f"run path {runpath!r} has no room for {library}")

    start = strtab + runpath_index + colon
    elf.data[start:start + len(name) + 2] = b"\0" + name + b"\0"
    dynamic_offset = elf.dynamic[0]
    struct.pack_into("<qQ", elf.data, dynamic_offset + terminator * 16,
                     DT_NEEDED, runpath_index + colon + 1)
    struct.pack_into("<qQ", elf.data, dynamic_offset + (terminator + 1) * 16, DT_NULL, 0)


def patch(data: bytearray) -> bytearray:
    elf = Elf64(data)
    strtab_address = elf.dynamic_value(DT_STRTAB)
    if strtab_address is None:
        raise ElfError("no DT_STRTAB")
    strtab = elf.offset_of(strtab_address)
    if not mark_version_weak(elf, strtab, MISSING_VERSION):
        raise ElfError(f"the library does not require {MISSING_VERSION.decode()}; nothing to patch")
    add_needed(elf, strtab, SHIM_NAME)
    return data


def write_atomically(path: str, content: bytes, mode: int = 0o644) -> None:
    directory = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def build_shim(out_dir: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=out_dir, prefix=".tmp-", suffix=".so")
    os.close(handle)
    try:
        subprocess.run(["g++", "-shared", "-fPIC", "-O2", "-Wl,--as-needed",
                        "-Wl,-soname," + SHIM_NAME, "-o", temporary, SHIM_SOURCE], check=True)
        os.chmod(temporary, 0o755)
        os.replace(temporary, os.path.join(out_dir, SHIM_NAME))
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def prepare(source: str, out_dir: str) -> str:
    os.makedirs(out_dir, exist_ok=True)
    mode_file = os.path.join(out_dir, "mode.txt")
    if system_libstdcxx_has(MISSING_VERSION):
        mode = "unchanged"
    else:
        with open(source, "rb") as library:
            patched = patch(bytearray(library.read()))
        build_shim(out_dir)
        write_atomically(os.path.join(out_dir, LIBRARY_NAME), bytes(patched), 0o755)
        mode = "patched"
    write_atomically(mode_file, (mode + "\n").encode())
    return mode


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_command = commands.add_parser("prepare", help="write a loadable copy of the library")
    prepare_command.add_argument("--source", required=True)
    prepare_command.add_argument("--out-dir", required=True)
    arguments = parser.parse_args(argv)
    try:
        mode = prepare(arguments.source, arguments.out_dir)
    except (ElfError, OSError, subprocess.CalledProcessError) as error:
        print(f"torchsharp_native: error: {error}", file=sys.stderr)
        return 1
    print(f"torchsharp_native: {LIBRARY_NAME} {mode} in {arguments.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
