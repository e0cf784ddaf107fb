// `ember inspect model.pte [--json]`: the program's structure as the runtime
// reads it, whether ember has a kernel for each CPU operator, and what a board
// must reserve to run it.
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "ethosu/delegate/cop_header.h"
#include "ethosu/delegate/payload.h"
#include "ethosu/regs/disassembler.h"
#include "ethosu/u85/npu_mmio.h"
#include "ethosu/u85/disassembler.h"
#include "format/schema.h"
#include "json_writer.h"
#include "program_file.h"
#include "registry.h"
#include "runtime/method_meta.h"
#include "tool_commands.h"

namespace ember::tool {
namespace {

namespace S = schema;

std::string text(Span<const char> s) { return std::string(s.data, s.size); }

std::string shape_text(const int32_t* sizes, uint32_t rank) {
  std::string out = "[";
  for (uint32_t i = 0; i < rank; ++i) out += (i ? ", " : "") + std::to_string(sizes[i]);
  return out + "]";
}

struct Instruction {
  std::string kind;  // kernel, delegate, move, jump_false, free
  std::string name;
  bool runnable = true;  // kernel: ember has it; delegate: ember has the backend
};

// Each distinct CPU operator of a method, in first-use order, and whether ember has a kernel for it.
std::vector<std::pair<std::string, bool>> cpu_operators(const std::vector<Instruction>& instructions) {
  std::vector<std::pair<std::string, bool>> out;
  for (const Instruction& ins : instructions) {
    if (ins.kind != "kernel") continue;
    bool seen = false;
    for (const auto& op : out) seen = seen || op.first == ins.name;
    if (!seen) out.emplace_back(ins.name, ins.runnable);
  }
  return out;
}

struct Delegate {
  std::string backend;
  std::string location;
  size_t payload_bytes = 0;
  bool ethos_u = false;
  ethosu::Payload vela;
};

struct MethodInfo {
  std::string name;
  std::vector<TensorInfo> inputs, outputs;
  std::vector<Instruction> instructions;
  std::vector<Delegate> delegates;
  std::vector<long long> buffer_sizes;
  size_t method_allocator_bytes = 0;
};

bool describe_method(const Program& program, uint32_t index, const KernelRegistry& kernels,
                     const BackendRegistry& backends, MethodInfo* m) {
  Result<fb::Table> plan = program.method_plan(index);
  if (!plan.ok()) return false;
  Result<Span<const char>> name = plan->string(S::ExecutionPlan::name);
  if (!name.ok()) return false;
  m->name = text(*name);
  Result<MethodMeta> meta = MethodMeta::of(program, m->name.c_str());
  if (!meta.ok()) return false;
  if (meta->instruction_count() == 0) return false;  // a constant method
  for (size_t i = 0; i < meta->input_count(); ++i) {
    Result<TensorInfo> t = meta->input(i);
    m->inputs.push_back(t.ok() ? *t : TensorInfo{});
  }
  for (size_t i = 0; i < meta->output_count(); ++i) {
    Result<TensorInfo> t = meta->output(i);
    m->outputs.push_back(t.ok() ? *t : TensorInfo{});
  }
  m->method_allocator_bytes = meta->method_allocator_bytes();
  m->buffer_sizes.push_back(0);
  for (size_t i = 0; i < meta->planned_buffer_count(); ++i) {
    Result<size_t> size = meta->planned_buffer_size(i);
    m->buffer_sizes.push_back(size.ok() ? static_cast<long long>(*size) : -1);
  }
  Result<fb::Vector> operators = fb::optional_vector(*plan, S::ExecutionPlan::operators, 4);
  Result<fb::Vector> delegates = fb::optional_vector(*plan, S::ExecutionPlan::delegates, 4);
  Result<fb::Vector> chains = fb::optional_vector(*plan, S::ExecutionPlan::chains, 4);
  if (!operators.ok() || !delegates.ok() || !chains.ok() || chains->size() == 0) return false;
  for (uint32_t d = 0; d < delegates->size(); ++d) {
    Delegate info;
    Result<fb::Table> entry = delegates->table(d);
    if (!entry.ok()) return false;
    Result<Span<const char>> id = entry->string(S::BackendDelegate::id);
    Result<fb::Table> processed = entry->table(S::BackendDelegate::processed);
    if (!id.ok() || !processed.ok()) return false;
    info.backend = text(*id);
    int8_t location = processed->scalar<int8_t>(S::DelegateDataReference::location);
    info.location = location == 0 ? "inline" : "segment";
    Result<Span<const uint8_t>> data =
        program.delegate_data(location, processed->scalar<uint32_t>(S::DelegateDataReference::index));
    if (data.ok()) {
      info.payload_bytes = data->size;
      if (info.backend == "EthosUBackend") {
        Result<ethosu::Payload> vela = ethosu::parse_payload(*data);
        info.ethos_u = vela.ok();
        if (vela.ok()) info.vela = *vela;
      }
    }
    m->delegates.push_back(info);
  }
  Result<fb::Table> chain = chains->table(0);
  if (!chain.ok()) return false;
  Result<fb::Vector> instructions = fb::optional_vector(*chain, S::Chain::instructions, 4);
  if (!instructions.ok()) return false;
  for (uint32_t i = 0; i < instructions->size(); ++i) {
    Result<fb::Table> ins = instructions->table(i);
    if (!ins.ok()) return false;
    auto type = static_cast<S::InstructionType>(ins->scalar<uint8_t>(S::Instruction::args_type));
    Result<fb::Table> call = ins->table(S::Instruction::args);
    Instruction item;
    if (type == S::InstructionType::KernelCall && call.ok()) {
      int32_t op = call->scalar<int32_t>(S::KernelCall::op_index);
      Result<fb::Table> op_table = op >= 0 ? operators->table(static_cast<uint32_t>(op)) : Result<fb::Table>(Error::InvalidProgram);
      item.kind = "kernel";
      if (op_table.ok()) {
        Result<Span<const char>> op_name = op_table->string(S::Operator::name);
        Result<Span<const char>> overload = op_table->string(S::Operator::overload);
        item.name = (op_name.ok() ? text(*op_name) : "?") + (overload.ok() && overload->size ? "." + text(*overload) : "");
        item.runnable = op_name.ok() && overload.ok() && kernels.find(*op_name, *overload) != nullptr;
      } else {
        item.runnable = false;
      }
    } else if (type == S::InstructionType::DelegateCall && call.ok()) {
      int32_t d = call->scalar<int32_t>(S::DelegateCall::delegate_index);
      item.kind = "delegate";
      item.name = d >= 0 && static_cast<size_t>(d) < m->delegates.size() ? m->delegates[d].backend : "?";
      item.runnable = backends.find(Span<const char>(item.name.data(), item.name.size())) != nullptr;
    } else {
      item.kind = type == S::InstructionType::MoveCall ? "move" : type == S::InstructionType::JumpFalseCall ? "jump_false" : "free";
    }
    m->instructions.push_back(item);
  }
  return true;
}

// What a board must reserve to run the method, beyond the program image itself.
struct Reservation {
  size_t planned = 0, method_allocator = 0, npu_scratch = 0;
  size_t total() const { return planned + method_allocator + npu_scratch; }
};

Reservation reservation(const MethodInfo& m) {
  Reservation r;
  for (long long size : m.buffer_sizes) r.planned += size > 0 ? static_cast<size_t>(size) : 0;
  r.method_allocator = m.method_allocator_bytes;
  for (const Delegate& d : m.delegates) {
    if (d.ethos_u && d.vela.scratch_size > r.npu_scratch) r.npu_scratch = d.vela.scratch_size;
  }
  return r;
}

void print_text(const std::string& path, const ProgramFile& file, const Program& program,
                const std::vector<MethodInfo>& methods, const std::map<std::string, double>& constants,
                bool commands) {
  std::printf("%s: %zu bytes, ExecuTorch program ET12 (schema version %u)\n", path.c_str(), file.size,
              program.root().scalar<uint32_t>(S::Program::version));
  std::printf("  extended header: %s, segments from byte %llu, constants %zu bytes\n",
              program.header().has_extended_header ? "yes" : "no",
              static_cast<unsigned long long>(program.header().segment_base_offset), program.constant_bytes());
  for (const MethodInfo& m : methods) {
    std::printf("\nmethod %s\n", m.name.c_str());
    for (size_t i = 0; i < m.inputs.size(); ++i) {
      std::printf("  input %zu   %s %s", i, to_string(m.inputs[i].dtype), shape_text(m.inputs[i].sizes, m.inputs[i].rank).c_str());
      if (auto q = io_quantization(constants, "input", i)) std::printf("  quantized: scale %.9g, zero point %lld", q->scale, static_cast<long long>(q->zero_point));
      std::printf("\n");
    }
    for (size_t i = 0; i < m.outputs.size(); ++i) {
      std::printf("  output %zu  %s %s", i, to_string(m.outputs[i].dtype), shape_text(m.outputs[i].sizes, m.outputs[i].rank).c_str());
      if (auto q = io_quantization(constants, "output", i)) std::printf("  quantized: scale %.9g, zero point %lld", q->scale, static_cast<long long>(q->zero_point));
      std::printf("\n");
    }
    std::printf("  instructions:\n");
    for (size_t i = 0; i < m.instructions.size(); ++i) {
      const Instruction& ins = m.instructions[i];
      std::printf("    %3zu  %-9s %s%s\n", i, ins.kind.c_str(), ins.name.c_str(),
                  ins.runnable ? "" : ins.kind == "delegate" ? "  (ember has no such backend)" : "  (ember has no kernel)");
    }
    std::printf("  CPU operators:%s\n", cpu_operators(m.instructions).empty() ? " none" : "");
    for (const auto& [name, has_kernel] : cpu_operators(m.instructions)) {
      std::printf("    %-48s has kernel: %s\n", name.c_str(), has_kernel ? "yes" : "no");
    }
    for (const Delegate& d : m.delegates) {
      std::printf("  delegate %s: %zu-byte payload (%s)\n", d.backend.c_str(), d.payload_bytes, d.location.c_str());
      if (d.ethos_u) {
        std::printf("    vela_bin_stream: cmd_data %zu B (%.4s), weight_data %zu B, scratch %u B, %u inputs, %u outputs\n",
                    d.vela.command_stream.size, reinterpret_cast<const char*>(d.vela.command_stream.data),
                    d.vela.weights.size, d.vela.scratch_size, d.vela.input_count, d.vela.output_count);
        Result<ethosu::CommandStream> stream = ethosu::parse_cop_header(d.vela.command_stream);
        if (stream.ok()) {
          if (stream->config >> 28 == ethosu::u85::mmio::kProduct) {
            std::printf("    compiled for Ethos-U85-%u, %zu-byte register stream\n", stream->macs(), stream->words.size);
            if (commands) std::printf("%s", ethosu::u85::disassemble(stream->words).c_str());
          } else {
            std::printf("    compiled for Ethos-U55-%u (%u KB SHRAM), %zu-byte register stream\n", stream->macs(),
                        stream->shram_bytes() / 1024, stream->words.size);
            if (commands) std::printf("%s", ethosu::disassemble(stream->words).c_str());
          }
        }
      }
    }
    std::printf("  non_const_buffer_sizes [");
    for (size_t i = 0; i < m.buffer_sizes.size(); ++i) std::printf("%s%lld", i ? ", " : "", m.buffer_sizes[i]);
    std::printf("]\n");
    Reservation r = reservation(m);
    std::printf("  a board must reserve %zu bytes: planned buffers %zu, method allocator %zu, NPU scratch %zu (temp)\n",
                r.total(), r.planned, r.method_allocator, r.npu_scratch);
  }
  if (!constants.empty()) {
    std::printf("\nconstant methods:");
    for (const auto& [name, value] : constants) std::printf(" %s=%.9g", name.c_str(), value);
    std::printf("\n");
  }
}

void tensor_json(JsonWriter& j, const TensorInfo& t, std::optional<QuantParams> q) {
  j.begin_object();
  j.value("dtype", to_string(t.dtype));
  j.begin_array("shape");
  for (uint32_t i = 0; i < t.rank; ++i) j.value(nullptr, static_cast<long long>(t.sizes[i]));
  j.end_array();
  j.value("bytes", static_cast<long long>(t.nbytes));
  if (q) {
    j.value("scale", q->scale);
    j.value("zero_point", static_cast<long long>(q->zero_point));
  }
  j.end_object();
}

void print_json(const ProgramFile& file, const Program& program, const std::vector<MethodInfo>& methods,
                const std::map<std::string, double>& constants) {
  JsonWriter j;
  j.begin_object();
  j.value("bytes", static_cast<long long>(file.size));
  j.value("version", static_cast<long long>(program.root().scalar<uint32_t>(S::Program::version)));
  j.value("extended_header", program.header().has_extended_header);
  j.value("constant_bytes", static_cast<long long>(program.constant_bytes()));
  j.begin_array("methods");
  for (const MethodInfo& m : methods) {
    j.begin_object();
    j.value("name", m.name);
    j.begin_array("inputs");
    for (size_t i = 0; i < m.inputs.size(); ++i) tensor_json(j, m.inputs[i], io_quantization(constants, "input", i));
    j.end_array();
    j.begin_array("outputs");
    for (size_t i = 0; i < m.outputs.size(); ++i) tensor_json(j, m.outputs[i], io_quantization(constants, "output", i));
    j.end_array();
    j.begin_array("instructions");
    for (const Instruction& ins : m.instructions) {
      j.begin_object();
      j.value("kind", ins.kind);
      j.value("name", ins.name);
      if (ins.kind == "kernel") j.value("has_kernel", ins.runnable);
      if (ins.kind == "delegate") j.value("has_backend", ins.runnable);
      j.end_object();
    }
    j.end_array();
    j.begin_array("cpu_operators");
    for (const auto& [name, has_kernel] : cpu_operators(m.instructions)) {
      j.begin_object();
      j.value("name", name);
      j.value("has_kernel", has_kernel);
      j.end_object();
    }
    j.end_array();
    j.begin_array("delegates");
    for (const Delegate& d : m.delegates) {
      j.begin_object();
      j.value("backend", d.backend);
      j.value("location", d.location);
      j.value("payload_bytes", static_cast<long long>(d.payload_bytes));
      if (d.ethos_u) {
        j.value("command_stream_bytes", static_cast<long long>(d.vela.command_stream.size));
        j.value("weight_bytes", static_cast<long long>(d.vela.weights.size));
        j.value("scratch_bytes", static_cast<long long>(d.vela.scratch_size));
        Result<ethosu::CommandStream> stream = ethosu::parse_cop_header(d.vela.command_stream);
        if (stream.ok()) {
          j.value("npu_macs", static_cast<long long>(stream->macs()));
          j.value("npu", stream->product() == ethosu::u85::mmio::kProduct ? "Ethos-U85" : "Ethos-U55");
        }
      }
      j.end_object();
    }
    j.end_array();
    j.begin_array("non_const_buffer_sizes");
    for (long long s : m.buffer_sizes) j.value(nullptr, s);
    j.end_array();
    Reservation r = reservation(m);
    j.begin_object("reserve");
    j.value("planned_buffers", static_cast<long long>(r.planned));
    j.value("method_allocator", static_cast<long long>(r.method_allocator));
    j.value("npu_scratch", static_cast<long long>(r.npu_scratch));
    j.value("total", static_cast<long long>(r.total()));
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.begin_object("constant_methods");
  for (const auto& [name, value] : constants) j.value(name.c_str(), value);
  j.end_object();
  j.end_object();
  std::printf("%s\n", j.text().c_str());
}

}  // namespace

int inspect_command(int argc, char** argv) {
  std::string path;
  bool json = false, commands = false;
  const char* usage = "usage: ember inspect MODEL.pte [--json] [--commands]\n"
                      "  methods, inputs/outputs, instructions, delegates, what a board must reserve;\n"
                      "  --commands lists each Ethos-U register command stream (Vela's listing format)\n";
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) json = true;
    else if (std::strcmp(argv[i], "--commands") == 0) commands = true;
    else if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      std::printf("%s", usage);
      return 0;
    } else if (std::strncmp(argv[i], "--", 2) == 0) {
      return bad_input(std::string("unknown option ") + argv[i], "see `ember inspect --help`");
    } else if (!path.empty()) {
      return bad_input("more than one program given", "inspect one .pte at a time");
    } else path = argv[i];
  }
  if (path.empty()) return bad_input("no program given", "usage: ember inspect MODEL.pte [--json] [--commands]");
  ProgramFile file;
  std::string error;
  if (!read_program_file(path, &file, &error)) return bad_input(error, "give the path of an exported .pte");
  Result<Program> program = Program::load(Span<const uint8_t>(file.bytes.get(), file.size));
  if (!program.ok()) {
    return bad_input(path + " is not a loadable program (" + to_string(program.error()) + ")",
                     "export it again with `ember export` (ExecuTorch 1.4 format)");
  }
  KernelRegistry kernels;
  BackendRegistry backends;
  if (register_all(&kernels, &backends) != Error::Ok) return 1;
  std::vector<MethodInfo> methods;
  for (uint32_t i = 0; i < program->method_count(); ++i) {
    MethodInfo m;
    if (describe_method(*program, i, kernels, backends, &m)) methods.push_back(m);
  }
  auto constants = constant_methods(*program);
  if (json) print_json(file, *program, methods, constants);
  else print_text(path, file, *program, methods, constants, commands);
  return 0;
}

}  // namespace ember::tool
