#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "autosmote/core/error.h"
#include "autosmote/data/load.h"
#include "autosmote/serialize/model_file.h"
#include "test_util.h"

using namespace autosmote;
using autosmote::testing::temp_path;
using autosmote::testing::write_file;

static std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ModelFile, SaveLoadGivesIdenticalPredictions) {
  const Table t = load_table("synthetic:n=400,d=5,weights=0.8/0.2,seed=1");
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=20,hidden=16";
  const TrainedModel m = train_model(t, cfg);
  const std::string path = temp_path("model.json");
  save_model(path, m);
  const TrainedModel loaded = load_model(path);
  EXPECT_EQ(loaded.classifier->spec(), "mlp:hidden=16,epochs=20");
  EXPECT_EQ(loaded.class_names, t.class_names);
  EXPECT_EQ(predict_proba(m, t).data, predict_proba(loaded, t).data);
}

TEST(ModelFile, RejectsForeignDamagedAndOtherVersions) {
  EXPECT_THROW(load_model(temp_path("does-not-exist.json")), InputError);
  EXPECT_THROW(load_model(write_file("garbage.json", "hello")), ModelFileError);
  EXPECT_THROW(load_model(write_file("other.json", "{\"format\":\"something\"}")), ModelFileError);

  const Table t = load_table("synthetic:n=100,d=3,seed=2");
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=2,hidden=4";
  const std::string path = temp_path("good.json");
  save_model(path, train_model(t, cfg));
  const std::string good = slurp(path);

  EXPECT_THROW(load_model(write_file("truncated.json", good.substr(0, good.size() / 2))), ModelFileError);
  std::string tampered = good;
  const auto pos = tampered.find("\"values\":[[") + 11;
  tampered[pos] = tampered[pos] == '1' ? '2' : '1';
  EXPECT_THROW(load_model(write_file("tampered.json", tampered)), ModelFileError);
  std::string version = good;
  version.replace(version.find("\"version\":1"), 11, "\"version\":9");
  try {
    load_model(write_file("version.json", version));
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_NE(std::string(e.what()).find("version 9 is not supported"), std::string::npos) << e.what();
  }
}

TEST(ModelFile, PredictOnFileWithoutLabelAndUnknownCategory) {
  const std::string train = write_file("cat_train.csv", "n,c,class\n1,a,x\n2,b,y\n3,a,x\n4,b,y\n5,a,x\n6,b,y\n");
  const Table t = read_csv(train);
  TrainConfig cfg;
  cfg.model_spec = "mlp:epochs=50,hidden=8";
  const TrainedModel m = train_model(t, cfg);
  const Table p = read_csv(write_file("cat_pred.csv", "c,n\na,1\nzzz,2\n"), prediction_csv_options(m));
  EXPECT_FALSE(p.has_target);
  const Matrix proba = predict_proba(m, p);
  EXPECT_EQ(proba.rows, 2);
  EXPECT_EQ(proba.cols, 2);
  const Table missing = read_csv(write_file("cat_missing.csv", "n\n1\n"), prediction_csv_options(m));
  EXPECT_THROW(predict_proba(m, missing), InputError);
}
