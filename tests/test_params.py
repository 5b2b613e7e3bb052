"""Rule parameter overrides: a wrong kind of value, a negative or endless number is refused with the reason."""

from __future__ import annotations

from typing import Any

import pytest

from game.params import ParameterError, default_params


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"combat": {"attacker_rate": "lots"}}, "parameters.combat.attacker_rate: expected a number, got 'lots' (the default is 0.055)"),
        ({"combat": {"attacker_rate": -0.1}}, "must be 0 or more, got -0.1"),
        ({"combat": {"attacker_rate": float("nan")}}, "expected a finite number, got nan"),
        ({"combat": {"attacker_rate": True}}, "expected a number, got bool True"),
        ({"combat": {"max_attackers": 2.5}}, "parameters.combat.max_attackers: expected a whole number, got 2.5"),
        ({"control": {"presence_radius": 10**9}}, "parameters.control.presence_radius: must be at most 20, got 1,000,000,000"),
        ({"combat": {"fort_bonus": [1.0, 1.5]}}, "expected a list of 4 numbers, got 2"),
        ({"combat": {"fort_bonus": [1.0, 1.5, 2.0, -1]}}, "parameters.combat.fort_bonus.3: must be 0 or more, got -1"),
        ({"recon": {"adjacent_auto": 1}}, "parameters.recon.adjacent_auto: expected true or false, got 1"),
        ({"weather": {"low_cloud": {"highland": {13: 0.5}}}}, "expected a month number 1-12, got 13"),
        ({"missiles": {"off_map_cities": {"baku": {"name": "Baku", "side": "azerbaijan", "lat": 40.4}}}},
         "parameters.missiles.off_map_cities.baku: missing lon, population"),
    ],
)
def test_bad_values_are_refused_with_the_reason(override: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError) as e:
        default_params(override)
    assert message in str(e.value)


def test_good_values_are_taken_as_numbers_of_the_default_kind() -> None:
    p = default_params({"combat": {"attacker_rate": "1e-2", "max_attackers": 2.0, "fort_bonus": [1, 2, 3, 4]},
                        "weather": {"low_cloud": {"highland": {"10": 0.3}}}})
    assert p["combat"]["attacker_rate"] == 0.01
    assert p["combat"]["max_attackers"] == 2 and isinstance(p["combat"]["max_attackers"], int)
    assert p["combat"]["fort_bonus"] == [1.0, 2.0, 3.0, 4.0]
    assert p["weather"]["low_cloud"]["highland"][10] == 0.3
