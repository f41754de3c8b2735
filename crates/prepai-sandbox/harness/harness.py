# PrepAI sandbox harness for Python. Started as: python3 -I -S -B harness.py JOB_FD RESULT_FD
# argv[1]: job fd (JSON: secret, function, source, tests) -- read, then closed.
# argv[2]: result fd -- moved to another descriptor; records are "<secret> <json>\n".
# Candidate stdout/stderr are the process's own and are only captured, never parsed.
import errno
import json
import math
import os
import sys
import time
import types


def _start():
    job_fd, result_fd = int(sys.argv[1]), int(sys.argv[2])
    with os.fdopen(job_fd, "rb") as f:
        job = json.loads(f.read().decode("utf-8"))
    out = os.dup(result_fd)
    os.close(result_fd)
    secret = job["secret"]

    def emit(record):
        data = (secret + " " + json.dumps(record, allow_nan=False) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]

    return job, emit


def _plain(value, depth=0):
    """Convert a return value to JSON-compatible data (tuples/sets become lists)."""
    if depth > 200:
        raise ValueError("return value is nested too deeply")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [_plain(v, depth + 1) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else json.dumps(_plain(k, depth + 1))): _plain(v, depth + 1)
                for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return repr(value)


def _describe(exc):
    """One-line error message with the candidate's line number when there is one.

    Walks the traceback by hand: importing `traceback` would add ~15 ms to every run.
    """
    name = type(exc).__name__
    if isinstance(exc, SyntaxError):
        detail = exc.msg or "invalid syntax"
        return "%s: %s (solution.py, line %s)" % (name, detail, exc.lineno)
    text = str(exc)
    msg = "%s: %s" % (name, text) if text else name
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "solution.py":
            line = tb.tb_lineno
        tb = tb.tb_next
    return msg + (" (solution.py, line %d)" % line if line else "")


def _kind(exc):
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, OSError) and exc.errno in (errno.EFBIG, errno.ENOSPC, errno.EDQUOT):
        return "output"
    return "runtime"


def _arity(fn):
    """(required positional parameters, accepts *args).

    Plain functions are read from their code object (importing `inspect` would add
    ~20 ms to every run); other callables fall back to `inspect.signature`.
    """
    if isinstance(fn, types.FunctionType):
        code = fn.__code__
        required = code.co_argcount - len(fn.__defaults__ or ())
        return required, bool(code.co_flags & 0x04)
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1, False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    required = sum(1 for p in params if p.kind in positional and p.default is inspect.Parameter.empty)
    varargs = any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params)
    return required, varargs


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def main():
    job, emit = _start()
    emit({"t": "ready"})
    sys.setrecursionlimit(10000)
    name = job["function"]
    try:
        with open(job["source"], encoding="utf-8") as f:
            source = f.read()
        code = compile(source, "solution.py", "exec")
    except (SyntaxError, ValueError) as exc:
        emit({"t": "load", "ok": False, "kind": "compile", "error": _describe(exc)})
        return
    module = types.ModuleType("solution")
    module.__file__ = "solution.py"
    sys.modules["solution"] = module
    try:
        exec(code, module.__dict__)
    except BaseException as exc:
        emit({"t": "load", "ok": False, "kind": _kind(exc), "error": _describe(exc)})
        return
    fn = module.__dict__.get(name)
    if not callable(fn):
        cls = module.__dict__.get("Solution")
        if isinstance(cls, type) and callable(getattr(cls, name, None)):
            try:
                fn = getattr(cls(), name)
            except BaseException as exc:
                emit({"t": "load", "ok": False, "kind": _kind(exc), "error": _describe(exc)})
                return
    if not callable(fn):
        emit({"t": "load", "ok": False, "kind": "runtime",
              "error": "NameError: function `%s` is not defined in solution.py" % name})
        return
    emit({"t": "load", "ok": True})
    required, varargs = _arity(fn)
    spread = required >= 2 or (required == 0 and varargs)
    for index, test in enumerate(job["tests"]):
        if "args" in test:
            args = test["args"]
        else:
            value = test["input"]
            args = value if isinstance(value, list) and spread else [value]
        start = time.perf_counter()
        try:
            result = fn(*args)
            elapsed = (time.perf_counter() - start) * 1000.0
            try:
                payload = _plain(result)
                record = {"t": "test", "i": index, "ok": True, "value": payload, "ms": elapsed}
                json.dumps(payload, allow_nan=False)
            except (ValueError, RecursionError) as exc:
                record = {"t": "test", "i": index, "ok": False, "kind": "runtime", "ms": elapsed,
                          "error": "cannot convert the return value to JSON: %s" % exc}
        except BaseException as exc:
            elapsed = (time.perf_counter() - start) * 1000.0
            record = {"t": "test", "i": index, "ok": False, "kind": _kind(exc),
                      "error": _describe(exc), "ms": elapsed}
        _flush()
        emit(record)
    emit({"t": "done"})


try:
    main()
finally:
    _flush()
    os._exit(0)
