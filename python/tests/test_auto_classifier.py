"""AutoClassifier (model ``auto``, issue 26): the CLI's selection from Python, on DataFrames as pandas
reads them, inside scikit-learn's model selection; candidates='fast' keeps each fit short."""

import json
import subprocess

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold, cross_val_score

from autosmote import AutoClassifier
from test_classifiers import cli_binary
from test_dataframes import credit_like_frame


def test_fit_chooses_a_candidate_and_shows_the_leaderboard():
    frame, y = credit_like_frame()
    model = AutoClassifier(candidates="fast", random_state=0).fit(frame, y)
    board = model.leaderboard()
    assert list(board.columns) == ["model", "sampler", "score", "spread", "folds", "seconds", "outcome"]
    winner = board[board.outcome == "winner"]
    assert len(winner) == 1
    assert winner.iloc[0]["model"] == model.model_.spec
    assert winner.iloc[0]["folds"] == 3
    assert board.iloc[0]["outcome"] == "winner"  # best first
    assert set(model.predict(frame)) <= set(y)
    assert model.explain(as_dict=True)["selection"]["spec"] == "auto:candidates=fast"


def test_the_same_model_bytes_as_the_cli_on_the_frames_csv(tmp_path):
    frame, y = credit_like_frame(n=160, seed=1)
    frame.assign(**{"class": y}).to_csv(tmp_path / "data.csv", index=False)
    model_file = tmp_path / "cli.model"
    subprocess.run(
        [cli_binary(), "train", "--data", str(tmp_path / "data.csv"), "--model", "auto:candidates=fast",
         "--seed", "5", "--threads", "1", "--out", str(model_file)],
        check=True,
        capture_output=True,
    )
    model = AutoClassifier(candidates="fast", random_state=5, n_jobs=1).fit(frame, y)

    def without_seconds(raw):
        body = json.loads(raw)
        body.pop("checksum")
        body["selection"]["seconds"] = body["selection"]["final_seconds"] = 0
        for c in body["selection"]["candidates"]:
            c["seconds"] = 0
        return body

    assert without_seconds(model.__getstate__()["model_"]) == without_seconds(model_file.read_bytes())


def test_cross_val_score_on_a_dataframe_and_clone():
    frame, y = credit_like_frame()
    scores = cross_val_score(
        AutoClassifier(candidates="fast", random_state=0), frame, y, cv=StratifiedKFold(3), scoring="f1_macro"
    )
    assert len(scores) == 3 and np.all(scores > 0.4), scores
    assert clone(AutoClassifier(budget=60, folds=4)).get_params()["folds"] == 4


def test_a_bad_key_value_is_a_value_error():
    frame, y = credit_like_frame(n=80)
    with pytest.raises(ValueError, match="folds"):
        AutoClassifier(folds=1).fit(frame, y)
