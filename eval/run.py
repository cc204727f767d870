"""`make eval`: cross-validation and the held-out set for three NLU approaches, side by side.

    chosen        the pipeline in config.yml
    rasa-default  the pipeline `rasa init` writes (DIET, 100 epochs)
    keywords      a plain keyword matcher (eval/keyword_matcher.py)

Prints accuracy and macro-F1 per language, the most confused pairs and the share of
out-of-scope texts that reached the fallback. Cross-validation uses Rasa's own fold generator
on intents/nlu/; the held-out set (tests/nlu_heldout/) is only ever predicted, never trained on.
Options: --folds N (default 5; 0 = held-out only), --only chosen,keywords (skip the slow
default pipeline), --no-dialogues.

Last, the conversations of tests/dialogues/ go through the real line with the trained model
(eval/dialogues.py, in the gateway environment): the share of turns whose intent, reply
language and kind of answer are right, per language.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from eval.keyword_matcher import KeywordMatcher
from eval.nlu_data import Example, confused_pairs, fallback_share, load_examples, score
from lygte.names import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "intents" / "nlu"
HELDOUT = ROOT / "tests" / "nlu_heldout"

#: The NLU pipeline from `rasa init` (rasa 3.6), as written in its initial config.yml.
RASA_DEFAULT = [
    {"name": "WhitespaceTokenizer"},
    {"name": "RegexFeaturizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 100},
    {"name": "EntitySynonymMapper"},
    {"name": "ResponseSelector", "epochs": 100},
    {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
]


def say(message: str) -> None:
    """Progress on stderr, results on stdout."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def chosen_pipeline() -> list[dict]:
    """The pipeline of the project's config.yml."""
    return yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]


def write_nlu(examples: list[Example], path: Path) -> None:
    """Write examples as Rasa NLU YAML."""
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, []).append(example.text)
    nlu = [
        {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
        for intent, texts in by_intent.items()
    ]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True))


def rasa_predictor(pipeline: list[dict], train: list[Example], workdir: Path):
    """Train an NLU-only Rasa model on `train`; return a function text list -> intents."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "config.yml"
    config.write_text(
        yaml.safe_dump({"recipe": "default.v1", "language": "da", "pipeline": pipeline})
    )
    write_nlu(train, workdir / "nlu.yml")
    with contextlib.redirect_stdout(sys.stderr):  # Rasa prints its own progress
        model = train_nlu(str(config), str(workdir / "nlu.yml"), str(workdir), fixed_model_name="m")
        agent = Agent.load(model)

    def predict(texts: list[str]) -> list[str]:
        async def parse_all() -> list[str]:
            return [(await agent.parse_message(t))["intent"]["name"] for t in texts]

        return asyncio.run(parse_all())

    return predict


def keyword_predictor(_pipeline, train: list[Example], _workdir: Path):
    """The keyword baseline, in the same shape as rasa_predictor."""
    matcher = KeywordMatcher(train)
    return lambda texts: [matcher.predict(t) for t in texts]


def folds(examples: list[Example], n: int) -> list[tuple[list[Example], list[Example]]]:
    """Rasa's stratified folds (rasa.nlu.test.generate_folds), mapped back to languages."""
    from rasa.nlu.test import generate_folds
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    language = {(e.text, e.intent): e.language for e in examples}
    data = TrainingData([Message(data={"text": e.text, "intent": e.intent}) for e in examples])

    def back(part) -> list[Example]:
        return [
            Example(m.get("text"), m.get("intent"), language[(m.get("text"), m.get("intent"))])
            for m in part.intent_examples
        ]

    return [(back(train), back(test)) for train, test in generate_folds(n, data)]


def report(title: str, gold: list[Example], predicted: list[str]) -> dict:
    """Print per-language and overall scores; return the overall row for the table."""
    print(f"\n== {title}")
    print(f"{'lang':<8}{'n':>5}{'accuracy':>10}{'macro-F1':>10}")
    for lang in (*LANGUAGES, "all"):
        rows = [
            (e.intent, p)
            for e, p in zip(gold, predicted, strict=True)
            if lang in (e.language, "all")
        ]
        s = score([g for g, _ in rows], [p for _, p in rows])
        print(f"{lang:<8}{s.count:>5}{s.accuracy:>10.3f}{s.macro_f1:>10.3f}")
    golds = [e.intent for e in gold]
    reached, total = fallback_share(golds, predicted)
    print(f"out-of-scope to fallback: {reached}/{total} = {reached / max(total, 1):.2f}")
    print("most confused (gold -> predicted):")
    for (g, p), count in confused_pairs(golds, predicted):
        print(f"  {count:>3}  {g} -> {p}")
    overall = score(golds, predicted)
    per_lang = {
        lang: score(
            [e.intent for e in gold if e.language == lang],
            [p for e, p in zip(gold, predicted, strict=True) if e.language == lang],
        ).accuracy
        for lang in LANGUAGES
    }
    return {
        "acc": overall.accuracy,
        "f1": overall.macro_f1,
        "oos": reached / max(total, 1),
        **per_lang,
    }


def dialogues() -> None:
    """The per-turn conversation score (eval/dialogues.py), run where the gateway runs."""
    python = ROOT / ".venv-gateway" / "bin" / "python"
    model = ROOT / "models" / "lygte.tar.gz"
    if not python.exists() or not model.exists():
        print("\n== dialogues: skipped (needs .venv-gateway and models/lygte.tar.gz: make train)")
        return
    say("dialogues: starting the line and running tests/dialogues/")
    sys.stdout.flush()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([str(python), "-m", "eval.dialogues"], cwd=ROOT, env=env, check=False)


def main() -> None:
    """Run everything and print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", default="chosen,rasa-default,keywords")
    parser.add_argument("--no-dialogues", action="store_true", help="skip the conversations")
    args = parser.parse_args()
    os.environ["LOG_LEVEL"] = "WARNING"
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.disable(logging.WARNING)
    training, heldout = load_examples(TRAINING), load_examples(HELDOUT)
    say(f"{len(training)} training examples, {len(heldout)} held-out texts")
    approaches = {
        "chosen": (rasa_predictor, chosen_pipeline()),
        "rasa-default": (rasa_predictor, RASA_DEFAULT),
        "keywords": (keyword_predictor, None),
    }
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        splits = folds(training, args.folds) if args.folds >= 2 else []  # --folds 0: held-out only
        for name in args.only.split(","):
            make, pipeline = approaches[name]
            started = time.monotonic()
            gold, predicted = [], []
            for i, (train, test) in enumerate(splits, start=1):
                say(f"{name}: cross-validation fold {i}/{len(splits)} (train {len(train)})")
                predict = make(pipeline, train, Path(tmp) / name / f"fold{i}")
                gold += test
                predicted += predict([e.text for e in test])
            cv = (
                report(f"{name}: {args.folds}-fold cross-validation", gold, predicted)
                if gold
                else {}
            )
            say(f"{name}: training on all data, predicting the held-out set")
            predict = make(pipeline, training, Path(tmp) / name / "full")
            ho = report(f"{name}: held-out set", heldout, predict([e.text for e in heldout]))
            table.append((name, cv, ho, time.monotonic() - started))
    print("\n== comparison (held-out accuracy per language; cv = cross-validation)")
    print(
        "| approach | cv acc | cv F1 | held-out acc | held-out F1 | OOS->fallback | "
        + " | ".join(LANGUAGES)
        + " | minutes |"
    )
    print("|---" * (7 + len(LANGUAGES)) + "|")
    for name, cv, ho, seconds in table:
        langs = " | ".join(f"{ho[lang]:.2f}" for lang in LANGUAGES)
        print(
            f"| {name} | {cv.get('acc', float('nan')):.3f} | {cv.get('f1', float('nan')):.3f} "
            f"| {ho['acc']:.3f} | {ho['f1']:.3f} "
            f"| {ho['oos']:.2f} | {langs} | {seconds / 60:.1f} |"
        )
    if not args.no_dialogues:
        dialogues()


if __name__ == "__main__":
    main()
