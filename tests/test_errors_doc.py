"""docs/errors.md lists each kind of bad input and the words of its message: every row is
produced here through the command line, and must give one line, exit 2, and those words."""

import re
import shutil
from pathlib import Path

import pytest

from sim.cli import main

from .conftest import SCENARIOS

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
LINK_HEADER = "link_id,from_node_id,to_node_id,directed,length,lanes,free_speed,capacity\n"
LINKS = "1,O,A,true,1,2,60,1800\n2,A,B,true,1,1,60,1800\n3,B,D,true,1,2,60,1800\n"
TRIP = "1,O,D,07:00"


def documented() -> dict[str, str]:
    """kind -> the words its message holds, from the table of docs/errors.md."""
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("<!-- errors: begin -->"):text.index("<!-- errors: end -->")]
    rows = [line.strip("|").split("|") for line in table.splitlines()[3:] if line.startswith("|")]
    return {cells[0].strip(): cells[2].strip() for cells in rows}


class Inputs:
    """A scratch copy of the shipped inputs, and the command lines of each case."""

    def __init__(self, root: Path):
        self.root, self.out = root, str(root / "out")
        self.s, self.net = root / "s", root / "net"
        shutil.copytree(SCENARIOS / "shaoyang", self.s)
        shutil.copytree(SCENARIOS / "validation" / "d1_bottleneck", self.net)
        self.base = str(self.s / "baseline_8to5.toml")

    def run(self, body: str | bytes = b"", *options: str) -> list[str]:
        """`run` of a variant of the baseline holding `body`."""
        path = self.s / "variant.toml"
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        path.write_bytes(b'extends = "baseline_8to5.toml"\n' + raw)
        return ["run", str(path), "-o", self.out, *options]

    def trips(self, *lines: str, links: str | bytes | None = None,
              header: str = LINK_HEADER, config: str | None = None) -> list[str]:
        """`trips` of `lines` on the D1 corridor, its link.csv or config.csv replaced."""
        if links is not None:
            raw = links if isinstance(links, bytes) else links.encode("utf-8")
            (self.net / "link.csv").write_bytes(header.encode() + raw)
        if config is not None:
            (self.net / "config.csv").write_text(config)
        demand = self.root / "demand.csv"
        demand.write_text("trip_id,from_node_id,to_node_id,departure_time\n"
                          + "".join(f"{line}\n" for line in lines))
        return ["trips", str(self.net), str(demand), "-o", self.out]


def _no_link_file(i: Inputs) -> list[str]:
    (i.net / "link.csv").unlink()
    return i.trips(TRIP)


def _corrupt_kpis(i: Inputs) -> list[str]:
    (i.net / "kpis.json").write_text("")
    return ["kpis", str(i.net)]


def _unreachable_scheduler(i: Inputs) -> list[str]:
    spec = i.root / "spec.toml"
    spec.write_text('base = "s/proposal_9to5.toml"\n[parameters."schedules.office.compliance"]\n'
                    "values = [0.5]\n")
    return ["sweep", str(spec), "-o", i.out, "--scheduler", "nowhere"]


def _extends_missing(i: Inputs) -> list[str]:
    command = i.run()
    Path(command[1]).write_text('extends = "gone.toml"\n')
    return command


CASES = {
    "output folder holds an input": lambda i: ["run", i.base, "-o", str(i.s)],
    "output is a file": lambda i: ["run", i.base, "-o", str(i.s / "network" / "map.png")],
    "output is the user's folder": lambda i: ["run", i.base, "-o", str(i.root / "net")],
    "output cannot be created": lambda i: i.trips(TRIP)[:3] + ["-o", "/proc/x/y"],
    "number out of range on the command line": lambda i: i.run(b"", "--scale", "2"),
    "number not finite on the command line": lambda i: i.run(b"", "--scale", "nan"),
    "not a number on the command line": lambda i: ["compare", i.base, i.base, "-o", i.out,
                                                   "--seeds", "many"],
    "end before every departure": lambda i: i.trips(TRIP) + ["--end", "06:00"],
    "Dask scheduler not reachable": _unreachable_scheduler,
    "compare with one scenario": lambda i: ["compare", i.base, "-o", i.out],
    "--robust on a network without road classes": lambda i: [
        "compare", *[str(SCENARIOS / "validation" / "two_routes.toml")] * 2, "--robust",
        "-o", i.out],
    "missing or corrupt kpis.json": _corrupt_kpis,
    "scenario field out of range": lambda i: i.run("[simulation]\nscale = 2\n"),
    "scenario number not finite": lambda i: i.run("[simulation]\ndt_s = nan\n"),
    "scenario value of the wrong type": lambda i: i.run('[simulation]\nscale = "0.5"\n',
                                                        "--scale", "0.1"),
    "unknown scenario key": lambda i: i.run("[simulation]\nspeed = 1\n"),
    "scenario not valid TOML": lambda i: i.run("[simulation\n"),
    "scenario not UTF-8": lambda i: i.run('name = "邵阳"\n'.encode("gb18030")),
    "scenario nested too deeply": lambda i: i.run("x = " + "[" * 5000 + "]" * 5000 + "\n"),
    "extends a missing file": _extends_missing,
    "fields that disagree": lambda i: i.run("[groups.office]\nshare = 0.5\n"),
    "table file missing": _no_link_file,
    "table with no rows": lambda i: i.trips(TRIP, links=""),
    "table in an unknown encoding": lambda i: i.trips(TRIP, links=LINKS.encode() + b"\xff\n"),
    "table separated by semicolons": lambda i: i.trips(
        TRIP, config="dataset_name;long_length;speed\nx;km;km/h\n"),
    "column named twice": lambda i: i.trips(TRIP, links=LINKS.replace("\n", ",1\n"),
                                            header=LINK_HEADER.replace("\n", ",lanes\n")),
    "row with extra fields": lambda i: i.trips(TRIP, links=LINKS.replace("1,2,60", "1,5,2,60", 1)),
    "NUL byte in a table": lambda i: i.trips(TRIP, links=LINKS.replace("A,B", "A\0,B")),
    "decimal comma in a cell": lambda i: i.trips(TRIP,
                                                 links=LINKS.replace("1,2,60", '"1,5",2,60', 1)),
    "digits other than 0-9": lambda i: i.trips(TRIP, links=LINKS.replace("1800", "１８００", 1)),
    "link value out of range": lambda i: i.trips(TRIP, links=LINKS.replace("1800", "0", 1)),
    "unknown unit": lambda i: i.trips(TRIP, config="dataset_name,long_length,speed\n"
                                                   "x,furlong,km/h\n"),
    "lengths in another unit than config.csv says": lambda i: i.trips(
        TRIP, links=LINKS.replace("1,2,60", "1500,2,60", 1),
        config="dataset_name,long_length,speed\nx,mile,mph\n"),
    "link from a node to itself": lambda i: i.trips(TRIP,
                                                    links=LINKS + "4,A,A,true,1,1,60,1800\n"),
    "link too short to hold a vehicle": lambda i: i.trips(
        TRIP, links=LINKS.replace("2,A,B,true,1,1", "2,A,B,true,0.006,1")),
    "capacity too high for the free speed": lambda i: i.trips(
        TRIP, links=LINKS.replace("1,O,A,true,1,2,60,1800", "1,O,A,true,1,2,20,4000")),
    "duplicate link id": lambda i: i.trips(TRIP, links=LINKS.replace("3,B,D", "2,B,D")),
    "duplicate trip id": lambda i: i.trips(TRIP, "1,O,D,07:01"),
    "trip to its own origin": lambda i: i.trips("1,O,O,07:00"),
    "departure time in another form": lambda i: i.trips("1,O,D,07.00"),
    "departure at the end of the day": lambda i: i.trips("1,O,D,86400"),
    "unreachable destination": lambda i: i.trips("1,D,O,07:00"),
}


def test_every_documented_kind_has_a_case_here():
    assert set(documented()) == set(CASES)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_documented_message_is_what_the_user_sees(tmp_path, capsys, kind):
    inputs = Inputs(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(CASES[kind](inputs)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert re.match(r"staggersim( \w+)?: error: ", err), err
    assert documented()[kind] in err, err
    assert sorted(p.name for p in tmp_path.iterdir()
                  if p.name not in ("demand.csv", "spec.toml")) == before, \
        "nothing is written on bad input"
