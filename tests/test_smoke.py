from game.cli import build_parser


def test_parser_knows_the_commands() -> None:
    p = build_parser()
    assert p.parse_args(["run", "historical_2020", "--seed", "3"]).seed == 3
