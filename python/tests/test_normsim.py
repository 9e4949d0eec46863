"""The Python package against the command line: every function returns what
`normsim ... --format csv` prints for the same inputs, read by pandas; errors raise
NormsimError with the library's message; long calls release the GIL and stop on Ctrl-C."""

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import normsim
from normsim import NormsimError


def table(source, name):
    return os.path.join(source, "tests", "data", "tables", name)


# ---- data ----------------------------------------------------------------------------

def test_states_shape():
    s = normsim.data.states()
    assert s.shape == (193, 7)
    assert s.loc[s.iso3 == "USA", "p5"].item() == 1


@pytest.mark.parametrize("name", ["states", "bodies", "members", "resolutions", "norms",
                                  "participation"])
def test_data_tables_equal_cli(cli_csv, name):
    assert_frame_equal(getattr(normsim.data, name)(), cli_csv("data", name))


def test_votes_equal_cli(cli_csv):
    assert_frame_equal(normsim.data.votes(), cli_csv("data", "votes"))
    one = normsim.data.votes(resolution="A/RES/73/27")
    assert_frame_equal(one, cli_csv("data", "votes", "--resolution", "A/RES/73/27"))
    assert len(one) > 100 and set(one.resolution) == {"A/RES/73/27"}


def test_verified_filter_equal_cli(cli_csv):
    assert_frame_equal(normsim.data.members(verified="yes"),
                       cli_csv("data", "members", "--verified", "yes"))
    with pytest.raises(ValueError, match="verified"):
        normsim.data.members(verified="maybe")


def test_positions_equal_cli(cli_csv):
    assert_frame_equal(normsim.data.positions(2019), cli_csv("data", "positions", "--year",
                                                             "2019"))
    ihl = normsim.data.positions(2015, dimension="ihl")
    assert_frame_equal(ihl, cli_csv("data", "positions", "--year", "2015", "--dimension",
                                    "ihl"))
    assert set(ihl.dimension) == {"ihl"}


def test_positions_errors():
    with pytest.raises(NormsimError, match="outside the years") as e:
        normsim.data.positions(2030)
    assert e.value.status == -5 and e.value.status_name
    with pytest.raises(ValueError, match="no dimension"):
        normsim.data.positions(2019, dimension="nope")


def test_data_dir_errors(tmp_path):
    with pytest.raises(NormsimError) as e:
        normsim.data.states(data=str(tmp_path))
    assert "states.csv" in str(e.value)


# ---- forecast ------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["compromise", "median", "nash", "eum", "exchange", "smp"])
def test_forecast_equals_cli(cli_csv, source, model):
    path = table(source, "good.csv")
    got = normsim.forecast(pd.read_csv(path), model=model)
    assert_frame_equal(got, cli_csv("forecast", path, "--model", model))
    assert got.attrs["converged"] and got.attrs["rounds"] >= 1


def test_forecast_params_and_seed_equal_cli(cli_csv, source):
    path = table(source, "good.csv")
    got = normsim.forecast(pd.read_csv(path), model="nash", loss="quadratic")
    assert_frame_equal(got, cli_csv("forecast", path, "--model", "nash", "--param",
                                    "loss=quadratic"))
    got = normsim.forecast(pd.read_csv(path), model="smp", seed=7, max_rounds=3)
    assert_frame_equal(got, cli_csv("forecast", path, "--model", "smp", "--seed", "7",
                                    "--max-rounds", "3"))


def test_forecast_skips_issues_without_status_quo(cli_csv, source):
    path = table(source, "some_status_quo.csv")
    got = normsim.forecast(pd.read_csv(path), model="winset")
    assert_frame_equal(got, cli_csv("forecast", path, "--model", "winset"))
    assert got.attrs["skipped"] == ["cbm"]
    with pytest.raises(NormsimError, match="status quo"):
        normsim.forecast(pd.read_csv(path), model="winset", strict=True)


def test_forecast_errors(source):
    df = pd.read_csv(table(source, "good.csv"))
    with pytest.raises(NormsimError, match="no model 'nope'; the models are"):
        normsim.forecast(df, model="nope")
    with pytest.raises(NormsimError, match="Q") as e:
        normsim.forecast(df, model="eum", Q=7)
    assert e.value.status == -5
    with pytest.raises(NormsimError, match="unknown|no parameter|parameters"):
        normsim.forecast(df, model="eum", nosuch=1)
    bad = pd.read_csv(table(source, "salience_range.csv"))
    with pytest.raises(NormsimError) as e:
        normsim.forecast(bad, model="eum")
    # The library's one-line message, with the row of the DataFrame (line 1: the header).
    assert re.match(r"<DataFrame>:\d+:\d+: salience: ", str(e.value))
    assert e.value.file == "<DataFrame>" and e.value.line >= 2 and e.value.field == "salience"
    with pytest.raises(ValueError, match="lacks the column"):
        normsim.forecast(df.drop(columns=["salience"]))
    with pytest.raises(TypeError):
        normsim.forecast("actors.csv")


def test_models_list():
    m = normsim.models()
    assert {"compromise", "eum", "nash", "smp"} <= set(m.name)


# ---- vote ------------------------------------------------------------------------------

def test_vote_equals_cli(cli_csv):
    got = normsim.vote(resolution="A/RES/73/27")
    assert_frame_equal(got, cli_csv("vote", "--resolution", "A/RES/73/27"))
    assert got.attrs["symbol"] == "A/RES/73/27"
    got = normsim.vote(line="developments", year=2019, tally=(150, 10, 20))
    assert_frame_equal(got, cli_csv("vote", "--line", "developments", "--year", "2019",
                                    "--tally", "150,10,20"))
    assert (got.vote == "absent").sum() == got.attrs["n_absent"] > 0


def test_vote_errors():
    with pytest.raises(NormsimError, match="A/RES/1/1"):
        normsim.vote(resolution="A/RES/1/1")
    with pytest.raises(NormsimError):
        normsim.vote(line="developments", year=2019, tally=(1, 1, 1, 1))
    with pytest.raises(ValueError):
        normsim.vote()
    with pytest.raises(ValueError):
        normsim.vote(line="developments")
    with pytest.raises(ValueError):
        normsim.vote(resolution="A/RES/73/27", year=2018)


# ---- negotiate -------------------------------------------------------------------------

def test_negotiate_equals_cli(cli_csv):
    n = normsim.negotiate(body="GGE5", runs=10)
    assert_frame_equal(n.package, cli_csv("negotiate", "--body", "GGE5", "--runs", "10"))
    assert n.outcome in ("adopted", "failed")
    # The package's columns carry 4 significant digits, the object the full values.
    assert n.p == pytest.approx(n.package.p[0], rel=1e-3)
    assert n.band == pytest.approx((n.package.p_lo[0], n.package.p_hi[0]), rel=1e-3)
    assert n.band[0] <= n.p <= n.band[1]
    assert list(n.blockers.columns) == ["blocker", "will_needed", "will", "paragraphs"]
    assert n.explanation


def test_negotiate_blockers_and_params(cli_csv):
    n = normsim.negotiate(body="GGE5", runs=5, will_scale=0.2)
    assert_frame_equal(n.package, cli_csv("negotiate", "--body", "GGE5", "--runs", "5",
                                          "--param", "will_scale=0.2"))
    assert n.outcome == "failed" and not n.adopted
    assert "CHN" in set(n.blockers.blocker)
    assert (n.blockers.will_needed > 0).all()


def test_negotiate_scenario_equals_cli(cli_csv, source):
    sc = os.path.join(source, "examples", "custom_k_of_n.yaml")
    n = normsim.negotiate(body="K20", scenario=sc, runs=5, seed=3)
    assert_frame_equal(n.package, cli_csv("negotiate", "--body", "K20", "--scenario", sc,
                                          "--runs", "5", "--seed", "3"))


def test_negotiate_errors():
    with pytest.raises(NormsimError, match="GGE9"):
        normsim.negotiate(body="GGE9")
    with pytest.raises(ValueError, match="decides by majority"):
        normsim.negotiate(body="GA")
    with pytest.raises(NormsimError):
        normsim.negotiate(body="GGE5", no_such_parameter=1)
    with pytest.raises(NormsimError):
        normsim.negotiate(body="GGE5", scenario="/nonexistent.yaml")


# ---- studies ---------------------------------------------------------------------------

def test_sweep_equals_cli(cli_csv, source, tmp_path):
    sc = os.path.join(source, "examples", "frontier.yaml")
    cli_file = tmp_path / "cli.sqlite"
    exe = os.environ.get("NORMSIM", os.path.join(source, "build", "normsim"))
    subprocess.run([exe, "sweep", sc, "--vary", "body_size=15,25", "--vary",
                    "membership=rotation,open", "--runs", "10", "-o", str(cli_file),
                    "--quiet", "--threads", "1"], check=True, capture_output=True)
    study = normsim.sweep(sc, {"body_size": [15, 25], "membership": "rotation,open"},
                          runs=10, output=tmp_path / "py.sqlite", threads=1)
    assert_frame_equal(study.results(joined=False),
                       cli_csv("export", str(cli_file), "results", fmt=False))
    assert_frame_equal(study.points(), cli_csv("export", str(cli_file), "points", fmt=False))
    assert_frame_equal(study.summary(), cli_csv("export", str(cli_file), "summary", fmt=False))
    joined = study.results()
    assert list(joined.columns) == ["point", "body_size", "membership", "replicate", "metric",
                                    "value"]
    assert len(joined) == len(study.results(joined=False))
    assert study.missing() == 0
    assert normsim.Study(cli_file).provenance()["model"] == "frontier"


def test_sweep_errors(source, tmp_path):
    sc = os.path.join(source, "examples", "frontier.yaml")
    with pytest.raises(NormsimError, match="nosuch"):
        normsim.sweep(sc, ["nosuch=1,2"], runs=2, output=tmp_path / "a.sqlite")
    with pytest.raises(NormsimError):
        normsim.sweep(sc, {"body_size": [15]}, runs=2, output=tmp_path / "b.sqlite",
                      model="nosuch")
    with pytest.raises(FileNotFoundError):
        normsim.Study(tmp_path / "none.sqlite")


# ---- diffusion -------------------------------------------------------------------------

def test_diffuse_equals_cli(cli_csv):
    got = normsim.diffuse(norm="2015a", runs=20, seed=3)
    assert_frame_equal(got, cli_csv("diffuse", "--norm", "2015a", "--runs", "20", "--seed",
                                    "3"))
    weog = normsim.diffuse(norm="2015a", runs=20, group="WEOG", capacity_building="all")
    assert_frame_equal(weog, cli_csv("diffuse", "--norm", "2015a", "--runs", "20", "--group",
                                     "WEOG", "--capacity-building", "all"))
    assert set(weog.group) == {"WEOG"}


def test_diffuse_errors():
    with pytest.raises(NormsimError, match="2099z"):
        normsim.diffuse(norm="2099z", runs=2)
    with pytest.raises(NormsimError):
        normsim.diffuse(norm="2015a", runs=2, channel="nowhere")
    with pytest.raises(NormsimError, match="theta_median"):
        normsim.diffuse(norm="2015a", runs=2, theta_median=-1)
    with pytest.raises(ValueError):
        normsim.diffuse(norm="2015a", nosuch=1)


def test_fit_equals_cli(cli_csv, source):
    path = os.path.join(source, "examples", "events", "national_positions.csv")
    f = normsim.fit(pd.read_csv(path), holdout_from=2021, runs=30)
    args = ("diffuse", "--fit-file", path, "--holdout-from", "2021", "--runs", "30")
    assert_frame_equal(f.years, cli_csv(*args))
    assert_frame_equal(f.states, cli_csv(*args, "--per-state"))
    assert_frame_equal(f.compare, cli_csv(*args, "--scores"))
    assert f.cutoff_year == 2020 and f.params["theta_median"] > 0


def test_fit_errors():
    events = pd.DataFrame({"iso3": ["USA", "XXX"], "date": [2019, 2020]})
    with pytest.raises(NormsimError) as e:
        normsim.fit(events)
    assert "XXX" in str(e.value) and e.value.line == 3 and "<events>" in str(e.value)
    with pytest.raises(TypeError):
        normsim.fit("events.csv")


def test_series():
    assert "paris_call:endorsed" in set(normsim.series().series)


# ---- the GIL, Ctrl-C, the declarations ---------------------------------------------------

def big_table():
    """193 actors x 9 issues: the 2019 positions, capability from the states table."""
    p = normsim.data.positions(2019)
    s = normsim.data.states()
    t = p.merge(s[["iso3", "capability"]], on="iso3")
    t = t.rename(columns={"dimension": "issue", "iso3": "actor"})
    t["capability"] = t["capability"].fillna(t["capability"].min())
    return t[["issue", "actor", "position", "salience", "capability"]]


def test_long_call_releases_the_gil():
    t = big_table()
    done = threading.Event()
    th = threading.Thread(target=lambda: (normsim.forecast(t, model="eum", max_rounds=15),
                                          done.set()))
    ticks = 0
    start = time.monotonic()
    th.start()
    while not done.is_set() and th.is_alive():
        ticks += 1
        time.sleep(0.001)
    th.join()
    elapsed = time.monotonic() - start
    # Holding the GIL, the call would leave this loop a handful of turns at best.
    assert elapsed > 0.2 and ticks > 20, (elapsed, ticks)


CHILD = textwrap.dedent("""
    import signal, sys, time
    signal.signal(signal.SIGINT, signal.default_int_handler)
    import normsim
    from test_normsim import big_table
    what = sys.argv[1]
    t = big_table() if what == "forecast" else None
    start = time.monotonic()
    try:
        print("started", flush=True)
        if what == "forecast":
            normsim.forecast(t, model="eum")  # about a minute at 1000 rounds
        elif what == "negotiate":
            normsim.negotiate("OEWG1", runs=1000000)  # about an hour
        elif what == "diffuse":
            normsim.diffuse(norm="2015a", runs=10000000)  # minutes
        else:
            normsim.sweep(sys.argv[2], {"body_size": [15, 25]}, runs=20000, output=sys.argv[3],
                          threads=1, batch=64)
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted %.2f" % (time.monotonic() - start), flush=True)
        sys.exit(3)
""")


def interrupt(args, ready, min_wait=0.0):
    """Start CHILD, wait until it started, min_wait seconds more and ready() is true, then
    press Ctrl-C."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [os.path.dirname(os.path.abspath(__file__)),
         os.path.dirname(os.path.dirname(os.path.abspath(normsim.__file__)))]))
    p = subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    assert p.stdout.readline().strip() == "started"
    time.sleep(min_wait)
    deadline = time.monotonic() + 20
    while not ready() and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    return p.returncode, out, err


def test_ctrl_c_stops_a_forecast():
    rc, out, err = interrupt(["forecast"], lambda: True, min_wait=0.5)
    assert rc == 3, (out, err)
    assert float(out.split()[1]) < 10
    assert "Traceback" not in err


@pytest.mark.parametrize("what", ["negotiate", "diffuse"])
def test_ctrl_c_stops_a_long_call(what):
    rc, out, err = interrupt([what], lambda: True, min_wait=0.5)
    assert rc == 3, (out, err)
    assert float(out.split()[1]) < 10
    assert "Traceback" not in err


def test_ctrl_c_stops_a_sweep_resumably(source, tmp_path):
    study = tmp_path / "s.sqlite"
    sc = os.path.join(source, "examples", "frontier.yaml")

    def some_stored():
        try:
            return normsim.Study(study).stored() > 0
        except (FileNotFoundError, NormsimError):
            return False

    rc, out, err = interrupt(["sweep", sc, str(study)], some_stored)
    assert rc == 3, (out, err)
    # Stopped between two batches: what ran is committed, the rest is missing, and
    # Study.resume() would finish it.
    s = normsim.Study(study)
    left = s.missing()
    assert 0 < left < 40000
    done = s.results(joined=False)
    assert done.groupby(["point", "replicate"]).ngroups == 40000 - left == s.stored()


def test_struct_layouts_match_the_compiler(tmp_path, source):
    """cffi's layouts (from the headers, at import) against the C compiler's."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler")
    from normsim import _cdef
    from normsim._lib import ffi
    text, folder = _cdef.load()
    names = sorted(set(re.findall(r"\}\s*(ns_\w+_t)\s*;", text)))
    body = "".join('printf("%%s %%zu\\n", "%s", sizeof(%s));\n' % (n, n) for n in names)
    c = tmp_path / "sizes.c"
    c.write_text("#include <normsim/normsim.h>\n#include <stdio.h>\nint main(void) {\n%s"
                 "return 0;\n}\n" % body)
    exe = tmp_path / "sizes"
    subprocess.run([cc, "-std=c17", "-I", os.path.dirname(folder), str(c), "-o", str(exe)],
                   check=True)
    sizes = dict(line.split() for line in subprocess.run(
        [str(exe)], check=True, capture_output=True, text=True).stdout.splitlines())
    assert len(sizes) > 40
    wrong = {n: (int(sizes[n]), ffi.sizeof(n)) for n in names if int(sizes[n]) != ffi.sizeof(n)}
    assert not wrong


def test_version():
    assert normsim.library_version() == normsim.__version__
    assert normsim.data.version().startswith("un-")


def test_example_draws_a_figure(source, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "figure.png"
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(normsim.__file__)))
    subprocess.run([sys.executable, os.path.join(source, "examples", "python_diffusion.py"),
                    str(png)], check=True, capture_output=True, env=env)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
