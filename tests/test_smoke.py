from game.cli import build_parser


def test_parser_knows_the_commands() -> None:
    p = build_parser()
    assert p.parse_args(["run", "historical_2020", "--seed", "3"]).seed == 3


def test_bench_prints_its_figures_and_which_path_searches_ran(capsys) -> None:
    from game.cli import main

    assert main(["bench", "--scenario", "four_day_war_2016", "--games", "1"]) == 0
    out = capsys.readouterr().out
    assert "resolve one turn:" in out and "whole game:" in out
    assert "path searches:         compiled" in out
