import pytest

from padim_studio.padim.memory import (
    PAPER_SETTINGS,
    model_size_bytes,
    model_size_table,
    multiply_adds_per_image,
)


@pytest.mark.parametrize(
    ("dims", "expected_gb", "precision_gb"),
    [(100, 0.127, 0.001), (550, 3.80, 0.01), (448, 2.52, 0.01), (1792, 40.3, 0.1)],
)
def test_model_size_of_paper_settings(dims, expected_gb, precision_gb):
    size_gb = model_size_bytes(3136, dims) / 1e9

    assert abs(size_gb - expected_gb) <= precision_gb / 2


def test_model_size_formula_exact():
    assert model_size_bytes(1, 1) == 8
    assert model_size_bytes(2, 3) == 2 * (9 + 3) * 4
    assert model_size_bytes(2, 3, bytes_per_number=8) == 2 * (9 + 3) * 8


def test_multiply_adds_of_paper_settings():
    assert round(multiply_adds_per_image(3136, 100) / 1e6) == 32
    assert round(multiply_adds_per_image(3136, 550) / 1e9, 2) == 0.95


def test_model_size_table_rows():
    table = model_size_table()

    assert [row[0] for row in table] == ["R18-Rd100", "WR50-Rd550", "R18 all 448", "WR50 all 1792"]
    assert [row[1] for row in table] == [3136] * 4
    assert [row[2] for row in table] == [setting.dims for setting in PAPER_SETTINGS]
    assert table[0][3] == pytest.approx(0.1266944)
