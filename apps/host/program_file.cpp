#include "program_file.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "format/schema.h"

namespace ember::tool {

namespace S = schema;

void AlignedFree::operator()(uint8_t* p) const { std::free(p); }

bool read_program_file(const std::string& path, ProgramFile* out, std::string* error) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) {
    *error = "cannot open " + path;
    return false;
  }
  out->size = static_cast<size_t>(file.tellg());
  size_t rounded = (out->size + 15) / 16 * 16 + 16;
  out->bytes.reset(static_cast<uint8_t*>(std::aligned_alloc(16, rounded)));
  file.seekg(0);
  file.read(reinterpret_cast<char*>(out->bytes.get()), static_cast<std::streamsize>(out->size));
  return true;
}

std::map<std::string, double> constant_methods(const Program& program) {
  std::map<std::string, double> result;
  for (uint32_t i = 0; i < program.method_count(); ++i) {
    Result<fb::Table> plan = program.method_plan(i);
    if (!plan.ok()) continue;
    Result<Span<const char>> name = plan->string(S::ExecutionPlan::name);
    Result<fb::Vector> values = fb::optional_vector(*plan, S::ExecutionPlan::values, 4);
    Result<fb::Vector> outputs = fb::optional_vector(*plan, S::ExecutionPlan::outputs, 4);
    if (!name.ok() || !values.ok() || !outputs.ok() || outputs->size() != 1) continue;
    int32_t index = outputs->scalar<int32_t>(0);
    if (index < 0 || static_cast<uint32_t>(index) >= values->size()) continue;
    Result<fb::Table> value = values->table(static_cast<uint32_t>(index));
    if (!value.ok()) continue;
    auto type = static_cast<S::ValueType>(value->scalar<uint8_t>(S::EValue::val_type));
    Result<fb::Table> payload = value->table(S::EValue::val);
    if (!payload.ok()) continue;
    std::string key(name->data, name->size);
    if (type == S::ValueType::Double) result[key] = payload->scalar<double>(S::ScalarValue::value);
    if (type == S::ValueType::Int) result[key] = static_cast<double>(payload->scalar<int64_t>(S::ScalarValue::value));
  }
  return result;
}

std::optional<QuantParams> io_quantization(const std::map<std::string, double>& constants,
                                           const char* kind, size_t index) {
  std::string prefix = std::string(kind) + std::to_string(index);
  auto scale = constants.find(prefix + "_scale");
  auto zp = constants.find(prefix + "_zp");
  if (scale == constants.end() || zp == constants.end()) return std::nullopt;
  return QuantParams{scale->second, static_cast<int64_t>(zp->second)};
}

}  // namespace ember::tool
