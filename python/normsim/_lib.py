"""The shared library, opened with cffi in ABI mode, and what every module shares:
the error type, one context per call, tables as DataFrames, and Ctrl-C."""

import csv
import io
import os

try:
    import cffi
    import pandas as pd
except ImportError as e:  # pragma: no cover - depends on the interpreter
    raise ImportError(
        "normsim needs cffi and pandas (Debian: python3-cffi, python3-pandas); run it with "
        "the interpreter that has them, e.g. /usr/bin/python3 (%s)" % e) from e

from . import _cdef

SONAME = "libnormsim.so.0"


class NormsimError(Exception):
    """An error of libnormsim: str() is the library's one-line message.

    status is the ns_status code (negative), status_name its short name ("invalid
    input", ...); file, line, column and field say where an input error was found
    ("" or 0 when unknown)."""

    def __init__(self, message, status=-1, status_name="", file="", line=0, column=0,
                 field=""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.status_name = status_name
        self.file = file
        self.line = line
        self.column = column
        self.field = field


def _library_candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    found = []
    if os.environ.get("NORMSIM_LIB"):
        found.append(os.environ["NORMSIM_LIB"])
    # Written by `make python`: the library of the build it was run in.
    hint = os.path.join(here, "_libpath.txt")
    if os.path.isfile(hint):
        with open(hint, encoding="utf-8") as f:
            found.append(f.read().strip())
    found.append(os.path.join(here, SONAME))
    found.append(os.path.join(here, "..", "..", "build", SONAME))
    return found


def _loaded_path(name):
    """Where the dynamic linker found a library this process loaded (Linux)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                if line.rstrip().endswith("/" + name) or ("/" + name + ".") in line:
                    return line.split(None, 5)[-1].strip()
    except OSError:
        pass
    return None


def _open():
    for path in _library_candidates():
        if os.path.isfile(path):
            break
    else:
        path = SONAME  # the dynamic linker's search: an installed library
    ffi = cffi.FFI()
    try:
        lib = ffi.dlopen(path)
    except OSError as e:
        raise ImportError(
            "normsim: cannot open the shared library %s (%s); build it with `make python`, "
            "or set NORMSIM_LIB to the path of libnormsim.so" % (path, e)) from e
    if not os.path.isfile(path):
        path = _loaded_path(SONAME) or path
    text, _ = _cdef.load(path if os.path.isfile(path) else None)
    ffi.cdef(text)
    ffi.cdef("FILE *fopen(const char *path, const char *mode); int fclose(FILE *f);")
    # Declarations made after dlopen() are resolved on first use: open again to bind them.
    lib = ffi.dlopen(path)
    libc = ffi.dlopen(None)
    return ffi, lib, libc, os.path.realpath(path) if os.path.isfile(path) else path


ffi, lib, libc, library_path = _open()


def text(cdata):
    """A C string as str ("" for NULL)."""
    return "" if cdata == ffi.NULL else ffi.string(cdata).decode("utf-8", "replace")


class Context:
    """One ns_ctx_t for one call (the library keeps no global state: two calls never
    share a context, so calls from several threads are independent)."""

    def __init__(self):
        out = ffi.new("ns_ctx_t **")
        if lib.ns_ctx_new(ffi.NULL, out) != 0:
            raise MemoryError("normsim: out of memory creating a context")
        self.ptr = out[0]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        lib.ns_ctx_free(self.ptr)
        self.ptr = ffi.NULL
        return False

    def error(self, st):
        c = self.ptr
        msg = text(lib.ns_ctx_errmsg(c)) or text(lib.ns_status_str(st))
        return NormsimError(msg, st, text(lib.ns_status_str(st)), text(lib.ns_ctx_errfile(c)),
                            lib.ns_ctx_errline(c), lib.ns_ctx_errcol(c),
                            text(lib.ns_ctx_errfield(c)))

    def check(self, st):
        """Raise NormsimError for a negative status; return the status otherwise."""
        if st < 0:
            raise self.error(st)
        return st


def cstr(value):
    """A keep-alive C string for a str (None: NULL)."""
    return ffi.NULL if value is None else ffi.new("char[]", str(value).encode("utf-8"))


def csv_frame(rows_text):
    """A CSV text read as the command line's --format csv output is read by pandas."""
    return pd.read_csv(io.StringIO(rows_text), keep_default_na=True)


def rows_frame(rows):
    """An ns_rows_t as a DataFrame: the cells written as the command line writes CSV,
    then read by pandas, so that the types are those of `normsim ... --format csv`."""
    n_cols = lib.ns_rows_ncols(rows)
    n_rows = lib.ns_rows_count(rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([text(lib.ns_rows_column(rows, c)) for c in range(n_cols)])
    for r in range(n_rows):
        w.writerow([text(lib.ns_rows_cell(rows, r, c)) for c in range(n_cols)])
    return csv_frame(buf.getvalue())


def take_rows(ctx, fn, *args):
    """Call fn(ctx, *args, &rows), return the rows as a DataFrame and free them."""
    out = ffi.new("ns_rows_t **")
    try:
        ctx.check(fn(ctx.ptr, *args, out))
        return rows_frame(out[0])
    finally:
        lib.ns_rows_free(out[0])


def export_csv(ctx, write, path):
    """Open path as a C FILE*, call write(FILE*) -> status, close, read as a DataFrame."""
    f = libc.fopen(path.encode(), b"w")
    if f == ffi.NULL:
        raise OSError("normsim: cannot write %s" % path)
    try:
        st = write(f)
    finally:
        libc.fclose(f)
    ctx.check(st)
    return pd.read_csv(path)


class Interrupt:
    """Ctrl-C during a long call. The call runs with the GIL released; Python's own
    SIGINT handler only records the signal, and the KeyboardInterrupt is raised in the
    first Python code that runs: a progress callback of the call, which then asks the
    library to stop (the call returns "interrupted"), or the code after the call.
    `callback` is a ns_round_cb that stops the run once Ctrl-C was pressed; after the call
    `raise_if_hit()` raises KeyboardInterrupt."""

    def __init__(self):
        self.hit = False

        def onerror(exc_type, exc_value, tb):
            if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
                self.hit = True
            return 1

        def on_round(round_no, user):
            return 1 if self.hit else 0

        self.callback = ffi.callback("ns_round_cb", on_round, onerror=onerror)

    def raise_if_hit(self):
        if self.hit:
            raise KeyboardInterrupt



class Rows:
    """A table built with the library's own ns_rows_t, so that numbers are formatted
    exactly as the command line formats them."""

    def __init__(self, ctx, columns):
        self.ctx = ctx
        names = [cstr(c) for c in columns]
        arr = ffi.new("const char *[]", names)
        out = ffi.new("ns_rows_t **")
        ctx.check(lib.ns_rows_new(ctx.ptr, arr, len(columns), out))
        self.ptr = out[0]

    def add(self, *cells):
        """A new row; cells are str (set as is), None (left empty), or (value, digits)
        for a number written with up to `digits` significant digits."""
        self.ctx.check(lib.ns_rows_add(self.ptr))
        for col, cell in enumerate(cells):
            if cell is None:
                continue
            if isinstance(cell, tuple):
                self.ctx.check(lib.ns_rows_set_num(self.ptr, col, cell[0], cell[1]))
            else:
                self.ctx.check(lib.ns_rows_set(self.ptr, col, str(cell).encode("utf-8")))

    def frame(self):
        try:
            return rows_frame(self.ptr)
        finally:
            lib.ns_rows_free(self.ptr)
            self.ptr = ffi.NULL


class World:
    """The built-in UN world (or a folder of CSV files), loaded for one call."""

    def __init__(self, ctx, data_dir=None, verified="all"):
        filters = {"all": lib.NS_FILTER_ALL, "partly": lib.NS_FILTER_PARTLY,
                   "yes": lib.NS_FILTER_VERIFIED}
        if verified not in filters:
            raise ValueError("verified must be 'yes', 'partly' or 'all', not %r" % verified)
        opts = ffi.new("ns_data_options_t *")
        self._dir = cstr(data_dir)
        opts.dir = self._dir
        opts.filter = filters[verified]
        self.options = opts
        out = ffi.new("ns_world_t **")
        ctx.check(lib.ns_data_load(ctx.ptr, opts, out))
        self.ptr = out[0]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        lib.ns_world_free(self.ptr)
        self.ptr = ffi.NULL
        return False
