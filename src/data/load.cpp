#include "autosmote/data/load.h"

#include "autosmote/data/synthetic.h"

namespace autosmote {

Table load_table(const std::string& source, const CsvOptions& options) {
  if (source == "synthetic" || source.rfind("synthetic:", 0) == 0) {
    Table t = make_synthetic(SyntheticOptions::parse(source));
    t.source = source;
    return t;
  }
  return read_csv(source, options);
}

}  // namespace autosmote
