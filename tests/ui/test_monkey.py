"""A seeded stream of random clicks, drags, wheel turns and keys must never crash the interface."""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from tests.ui.conftest import SCENARIO

KEYS = [pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_BACKSPACE, pygame.K_TAB, pygame.K_f, pygame.K_g,
        pygame.K_p, pygame.K_e, pygame.K_c, pygame.K_l, pygame.K_k, pygame.K_h, pygame.K_m, pygame.K_F1, pygame.K_F5,
        pygame.K_F9, pygame.K_PLUS, pygame.K_MINUS, pygame.K_PERIOD, pygame.K_COMMA, pygame.K_1, pygame.K_a, pygame.K_w]


def _post(rng: np.random.Generator, w: int, h: int) -> None:
    pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
    kind = rng.integers(0, 6)
    if kind <= 1:
        b = 1 if kind == 0 else 3
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=b))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=b))
    elif kind == 2:
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.choice([-1, 1])), flipped=False, precise_x=0.0, precise_y=0.0))
    elif kind == 3:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        to = (pos[0] + int(rng.integers(-200, 200)), pos[1] + int(rng.integers(-200, 200)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=to, rel=(to[0] - pos[0], to[1] - pos[1]), buttons=(1, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=to, button=1))
    else:
        k = int(rng.choice(KEYS))
        name = pygame.key.name(k)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=name if len(name) == 1 else "", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0))


def test_random_input_never_crashes(make_app: Any) -> None:
    for mode, seed in (("azerbaijan", 1), ("hotseat", 2), ("watch", 3)):
        app = make_app()
        assert app.new_game(SCENARIO, seed, mode)
        rng = np.random.default_rng(seed)
        w, h = app.screen.get_size()
        for _ in range(100):
            _post(rng, w, h)
            app.step(0.05)
            if not app.running:
                break
        assert app.stack.scenes or not app.running
