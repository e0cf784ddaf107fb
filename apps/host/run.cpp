// `ember run model.pte [--input FILE...] [--output FILE] [--seed N]`: runs the
// program on the host with ember's runtime. A float .npy given to an int8 input
// is quantized with the program's own parameters and int8 outputs are shown
// dequantized too, so the same input file serves both I/O kinds.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "e8_npu_facts.h"
#include "kernels/quantized/quantize_arithmetic.h"
#include "etdump_events.h"
#include "npu_inference_log.h"
#include "npu_memory.h"
#include "npu_profile.h"
#include "npy.h"
#include "program_file.h"
#include "registry.h"
#include "runtime/method.h"
#include "runtime/method_meta.h"
#include "tool_commands.h"

namespace ember::tool {
namespace {

constexpr size_t kDelegateAllowance = 64 * 1024;  // method-allocator room for delegate state
constexpr size_t kTempBytes = 8 * 1024 * 1024;    // scratch for a kernel or the NPU arena

struct Options {
  std::string model;
  std::vector<std::string> inputs;
  std::string output;
  unsigned seed = 0;
  int repeat = 1;
  bool profile = false;  // per-operation table of the NPU's last inference
  std::string trace;     // Chrome trace-event JSON of it
  std::string profile_json;  // the table as JSON, npu and memory cycles per operation
  std::string raw_io;    // directory for input<i>.bin / output<i>.bin, the exact bytes
  std::string etdump_json;  // the first inference's events, ETDump's JSON form
};

const char* kUsage =
    "usage: ember run MODEL.pte [--input FILE]... [--output FILE.npy] [--seed N] [--repeat N] [--profile] [--trace FILE.json]\n"
    "                 [--profile-json FILE.json] [--raw-io DIR]\n"
    "  runs the program's forward method on the host. Inputs: .npy files or raw\n"
    "  binary files of exactly the input's bytes; without --input a seeded random\n"
    "  input is used. An .npy with N samples (shape [N, ...]) runs the batch one\n"
    "  sample at a time. --output writes output 0 as .npy (float, dequantized when\n"
    "  the program's output is int8 with known parameters; [N, ...] for a batch).\n"
    "  A channels-last program (ember export --io-layout nhwc) takes and writes\n"
    "  arrays in its memory layout ([1, H, W, C] for a [1, C, H, W] tensor).\n"
    "  --profile prints the NPU's operations (MACs, cycles, bytes); --trace writes\n"
    "  them as Chrome trace events (open in Perfetto), timed at the E8's NPU clock;\n"
    "  --profile-json writes the table as JSON with each operation's compute (npu)\n"
    "  and memory cycles, of which the estimate takes the larger.\n"
    "  --raw-io writes every input and output's exact bytes (DIR/input0.bin, ...,\n"
    "  DIR/output0.bin, ...): the test cases of a firmware image (ember build).\n"
    "  --etdump FILE.etdp (ember run) or --etdump-json FILE.json (this tool): the first\n"
    "  inference's events in upstream's ETDump format: each CPU kernel call (host time)\n"
    "  and each NPU operation (cycle estimate at the E8's NPU clock).\n";

// A whole decimal number in [min, max], or false.
bool parse_number(const char* text, long long min, long long max, long long* out) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > max) return false;
  *out = v;
  return true;
}

// Empty when the arguments are good, else the problem (the caller adds the fix).
std::string parse(int argc, char** argv, Options* o) {
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    const bool takes_value = arg == "--input" || arg == "--output" || arg == "--seed" || arg == "--trace" ||
                             arg == "--profile-json" || arg == "--raw-io" || arg == "--repeat" ||
                             arg == "--etdump-json";
    const char* v = nullptr;
    if (takes_value) {
      if (i + 1 >= argc) return arg + " needs a value";
      v = argv[++i];
    }
    long long number = 0;
    if (arg == "--input") o->inputs.push_back(v);
    else if (arg == "--output") o->output = v;
    else if (arg == "--seed") {
      if (!parse_number(v, 0, UINT32_MAX, &number)) return std::string("--seed ") + v + " is not a whole number from 0 to 4294967295";
      o->seed = static_cast<unsigned>(number);
    } else if (arg == "--profile") o->profile = true;
    else if (arg == "--trace") o->trace = v;
    else if (arg == "--profile-json") o->profile_json = v;
    else if (arg == "--raw-io") o->raw_io = v;
    else if (arg == "--etdump-json") o->etdump_json = v;
    else if (arg == "--repeat") {
      if (!parse_number(v, 1, 1000000, &number)) return std::string("--repeat ") + v + " is not a whole number from 1 to 1000000";
      o->repeat = static_cast<int>(number);
    } else if (arg.rfind("--", 0) == 0) return "unknown option " + arg;
    else if (o->model.empty()) o->model = arg;
    else return "a second program " + arg + " (one .pte at a time)";
  }
  return o->model.empty() ? "no program given" : "";
}

// The shape of a tensor's bytes in memory: its sizes in dim order (a channels-last
// [1, C, H, W] is [1, H, W, C]). Empty when the dim order is the identity.
std::vector<int64_t> memory_shape(uint32_t rank, const int32_t* sizes, const uint8_t* dim_order) {
  bool identity = true;
  for (uint32_t d = 0; d < rank && dim_order; ++d) identity = identity && dim_order[d] == d;
  if (identity) return {};
  std::vector<int64_t> shape;
  for (uint32_t d = 0; d < rank; ++d) shape.push_back(sizes[dim_order[d] < rank ? dim_order[d] : d]);
  return shape;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

size_t numel(const TensorInfo& t) {
  size_t n = 1;
  for (uint32_t d = 0; d < t.rank; ++d) n *= static_cast<size_t>(t.sizes[d]);
  return n;
}

// The bytes for input i in the program's own dtype, or an error message. An
// .npy may hold a batch: N samples of the input's size (*samples = N).
bool prepare_input(const std::string& path, const TensorInfo& info, std::optional<QuantParams> q,
                   std::vector<uint8_t>* bytes, size_t* samples, std::string* error) {
  size_t n = numel(info);
  *samples = 1;
  if (path.size() > 4 && path.substr(path.size() - 4) == ".npy") {
    NpyArray array;
    if (!read_npy(path, &array, error)) return false;
    if (array.dtype == ScalarType::Double) to_float32(&array);  // float64 .npy (numpy's default) taken as float32
    size_t array_numel = array.data.size() / element_size(array.dtype);
    if (n > 0 && array_numel % n == 0 && array_numel > n && !array.shape.empty() &&
        static_cast<size_t>(array.shape[0]) == array_numel / n) {
      *samples = array_numel / n;
      n = array_numel;
    }
    if (array_numel != n) {
      *error = path + ": " + std::to_string(array_numel) + " elements, the input takes " + std::to_string(n);
      return false;
    }
    const std::vector<int64_t> layout = memory_shape(info.rank, info.sizes, info.dim_order);
    if (!layout.empty()) {  // channels-last I/O (--io-layout nhwc): the array must already be in that layout
      std::vector<int64_t> given(array.shape.end() - std::min(array.shape.size(), layout.size()), array.shape.end());
      if (given != layout) {
        *error = path + ": shape " + shape_text(array.shape) + ", but the input's dim order lays it out " +
                 shape_text(layout) + " in memory (channels last)";
        return false;
      }
    }
    if (array.dtype == info.dtype) { *bytes = array.data; return true; }
    if (array.dtype == ScalarType::Float && info.dtype == ScalarType::Char && q) {
      const float* x = reinterpret_cast<const float*>(array.data.data());
      bytes->resize(n);
      const float inverse = 1.0f / static_cast<float>(q->scale);
      for (size_t i = 0; i < n; ++i) {
        (*bytes)[i] = static_cast<uint8_t>(static_cast<int8_t>(
            kernels::quantize_value(x[i], inverse, static_cast<int32_t>(q->zero_point), -128, 127)));
      }
      return true;
    }
    *error = path + ": dtype " + to_string(array.dtype) + ", the input takes " + to_string(info.dtype);
    return false;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) { *error = "cannot open " + path; return false; }
  bytes->resize(info.nbytes + 1);
  size_t got = std::fread(bytes->data(), 1, bytes->size(), f);
  std::fclose(f);
  if (got != info.nbytes) {
    *error = path + ": " + std::to_string(got) + " bytes, the input takes " + std::to_string(info.nbytes) + " (raw)";
    return false;
  }
  bytes->resize(info.nbytes);
  return true;
}

void random_input(const TensorInfo& info, unsigned seed, std::vector<uint8_t>* bytes) {
  std::mt19937 rng(seed);
  bytes->resize(info.nbytes);
  if (info.dtype == ScalarType::Float) {
    std::uniform_real_distribution<float> dist(0.0f, 1.0f);
    float* f = reinterpret_cast<float*>(bytes->data());
    for (size_t i = 0; i < numel(info); ++i) f[i] = dist(rng);
  } else {
    for (uint8_t& b : *bytes) b = static_cast<uint8_t>(rng());
  }
}

std::vector<float> as_float(const Tensor& t, std::optional<QuantParams> q, bool* ok) {
  std::vector<float> out(t.numel());
  *ok = true;
  for (size_t i = 0; i < out.size(); ++i) {
    switch (t.dtype) {
      case ScalarType::Float: out[i] = t.data_as<float>()[i]; break;
      case ScalarType::Char:
        out[i] = q ? kernels::dequantize_value(t.data_as<int8_t>()[i], static_cast<float>(q->scale), static_cast<int32_t>(q->zero_point))
                   : t.data_as<int8_t>()[i];
        break;
      case ScalarType::Byte: out[i] = t.data_as<uint8_t>()[i]; break;
      case ScalarType::Short:
        out[i] = q ? kernels::dequantize_value(t.data_as<int16_t>()[i], static_cast<float>(q->scale), static_cast<int32_t>(q->zero_point))
                   : t.data_as<int16_t>()[i];
        break;
      case ScalarType::Int: out[i] = static_cast<float>(t.data_as<int32_t>()[i]); break;
      case ScalarType::Long: out[i] = static_cast<float>(t.data_as<int64_t>()[i]); break;
      default: *ok = false; return {};
    }
  }
  return out;
}

void print_output(size_t index, const Tensor& t, std::optional<QuantParams> q) {
  std::printf("output %zu: %s [", index, to_string(t.dtype));
  for (uint32_t d = 0; d < t.rank; ++d) std::printf("%s%d", d ? ", " : "", t.sizes[d]);
  const std::vector<int64_t> layout = memory_shape(t.rank, t.sizes, t.dim_order);
  std::printf("]%s\n", layout.empty() ? "" : (", in memory " + shape_text(layout) + " (its dim order)").c_str());
  const size_t n = t.numel();
  const size_t shown = std::min<size_t>(n, 16);
  if (t.dtype == ScalarType::Char) {
    std::printf("  int8:");
    for (size_t i = 0; i < shown; ++i) std::printf(" %d", t.data_as<int8_t>()[i]);
    std::printf("%s\n", shown < n ? " ..." : "");
  }
  bool ok = false;
  std::vector<float> values = as_float(t, q, &ok);
  if (!ok) return;
  if (t.dtype == ScalarType::Float || q) {
    std::printf("  %s:", q ? "dequantized" : "values");
    for (size_t i = 0; i < shown; ++i) std::printf(" %.6g", values[i]);
    std::printf("%s\n", shown < n ? " ..." : "");
  }
  if (n >= 2 && n <= 1000 && (t.rank <= 1 || t.sizes[0] == 1)) {  // a classifier's scores
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] > values[b]; });
    std::printf("  top classes:");
    for (size_t i = 0; i < std::min<size_t>(n, 5); ++i) std::printf(" %zu (%.4g)", order[i], values[order[i]]);
    std::printf("\n");
  }
}

}  // namespace

int run_command(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) {
    if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) { std::printf("%s", kUsage); return 0; }
  }
  Options options;
  std::string error = parse(argc, argv, &options);
  if (!error.empty()) return bad_input(error, "see `ember run --help`");
  const std::string reexport = "export it again with `ember export` (ExecuTorch 1.4 format)";
  ProgramFile file;
  if (!read_program_file(options.model, &file, &error)) return bad_input(error, "give the path of an exported .pte");
  Result<Program> program = Program::load(Span<const uint8_t>(file.bytes.get(), file.size));
  if (!program.ok()) return bad_input("cannot load " + options.model + " (" + to_string(program.error()) + ")", reexport);
  Result<MethodMeta> meta = MethodMeta::of(*program, "forward");
  if (!meta.ok()) return bad_input(std::string("no loadable forward method (") + to_string(meta.error()) + ")", reexport);
  const std::string unsupported = "`ember inspect " + options.model + "` lists what it uses; export it for a target ember runs";

  KernelRegistry kernels;
  BackendRegistry backends;
  if (register_all(&kernels, &backends) != Error::Ok) return 1;

  std::vector<std::vector<uint8_t>> planned(meta->planned_buffer_count());
  std::vector<Span<uint8_t>> planned_spans;
  for (size_t i = 0; i < planned.size(); ++i) {
    Result<size_t> size = meta->planned_buffer_size(i);
    planned[i].assign(size.ok() ? *size : 0, 0);
    planned_spans.emplace_back(planned[i].data(), planned[i].size());
  }
  std::vector<uint8_t> method_pool(meta->method_allocator_bytes() + kDelegateAllowance + 16);
  std::vector<uint8_t> temp_pool(kTempBytes + 16);
  auto aligned = [](std::vector<uint8_t>& v) {
    return reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(v.data()) + 15) & ~uintptr_t{15});
  };
  MemoryAllocator method_allocator(aligned(method_pool), method_pool.size() - 16);
  MemoryAllocator temp_allocator(aligned(temp_pool), temp_pool.size() - 16);
  MemoryManager memory{&method_allocator, Span<Span<uint8_t>>(planned_spans.data(), planned_spans.size()), &temp_allocator};

  auto constants = constant_methods(*program);
  NpuMemory npu_memory;
  if (!npu_memory_of(constants, &npu_memory, &error)) return bad_input(error, "export the program again with ember export");
  set_npu_memory(npu_memory.system);

  Method method;
  Error loaded = method.load(*program, "forward", memory, kernels, backends);
  if (loaded != Error::Ok) return bad_input(std::string("the host cannot run method forward (") + to_string(loaded) + ")", unsupported);

  if (!options.inputs.empty() && options.inputs.size() != meta->input_count()) {
    return bad_input(std::to_string(options.inputs.size()) + " --input files for " + std::to_string(meta->input_count()) + " inputs",
                     "give one --input per program input");
  }
  std::vector<std::vector<uint8_t>> input_bytes(meta->input_count());
  std::vector<TensorInfo> input_info(meta->input_count());
  size_t batch = 1;
  for (size_t i = 0; i < meta->input_count(); ++i) {
    Result<TensorInfo> info = meta->input(i);
    if (!info.ok()) return bad_input("input " + std::to_string(i) + " is not a tensor", unsupported);
    input_info[i] = *info;
    size_t samples = 1;
    if (options.inputs.empty()) {
      random_input(*info, options.seed + static_cast<unsigned>(i), &input_bytes[i]);
    } else if (!prepare_input(options.inputs[i], *info, io_quantization(constants, "input", i), &input_bytes[i], &samples, &error)) {
      return bad_input("input " + std::to_string(i) + ": " + error, "give a .npy of the input's shape (or [N, ...] for N samples) or raw bytes");
    }
    if (i > 0 && samples != batch) return bad_input("the inputs hold different numbers of samples", "give every input the same N");
    batch = samples;
  }
  if (options.inputs.empty()) std::printf("input: seeded random (seed %u)\n", options.seed);
  if (batch > 1) std::printf("input: a batch of %zu samples, run one by one\n", batch);

  // The E8 core whose NPU has this many MACs, at its clock (board.json).
  const E8Core& core = ethos_u_backend_macs() == kE8Cores[1].npu_macs ? kE8Cores[1] : kE8Cores[0];
  const double clock_mhz = core.npu_clock_hz / 1e6;
  EtdumpRecorder recorder(method, clock_mhz);
  NpuInferenceLog npu_log(method, ethos_u_backend());  // the last inference's NPU runs
  std::vector<float> batch_outputs;  // output 0 of every sample, as float
  for (size_t sample = 0; sample < batch; ++sample) {
    for (size_t i = 0; i < meta->input_count(); ++i) {
      const TensorInfo& info = input_info[i];
      Error set = method.set_input(i, input_bytes[i].data() + sample * info.nbytes, info.nbytes, info.dtype,
                                   Span<const int32_t>(info.sizes, info.rank));
      if (set != Error::Ok) return bad_input("input " + std::to_string(i) + ": " + to_string(set), "give an input of the program's shape and dtype");
    }
    for (int r = 0; r < options.repeat; ++r) {
      const bool traced = sample == 0 && r == 0 && !options.etdump_json.empty();
      npu_log.clear();
      npu_log.set_next(traced ? &recorder : nullptr);
      method.set_observer(&npu_log);
      Error run = method.execute();
      method.set_observer(nullptr);
      if (run != Error::Ok) return bad_input(std::string("the host cannot run this program: execution failed (") + to_string(run) + ")", unsupported);
    }
    if (batch > 1) {
      const EValue* out = method.output(0);
      bool ok = false;
      if (out && out->is_tensor()) {
        std::vector<float> values = as_float(*out->payload.as_tensor, io_quantization(constants, "output", 0), &ok);
        batch_outputs.insert(batch_outputs.end(), values.begin(), values.end());
      }
      if (!ok) return bad_input("a batch needs a numeric tensor output 0", "run the samples one at a time");
    }
  }
  for (size_t i = 0; i < method.output_count(); ++i) {
    const EValue* out = method.output(i);
    if (batch > 1) std::printf("(last sample of the batch)\n");
    if (out && out->is_tensor()) print_output(i, *out->payload.as_tensor, io_quantization(constants, "output", i));
  }
  const ethosu::RunStatistics& npu = npu_log.statistics();
  if (npu_log.delegate_runs() > 0) {
    std::printf("NPU (simulated %s-%u): %llu operations, %llu MACs, %llu cycles estimated = %.3f ms at %.0f MHz (E8 %s)",
                ethos_u_backend_product(), ethos_u_backend_macs(), static_cast<unsigned long long>(npu.operations),
                static_cast<unsigned long long>(npu.macs), static_cast<unsigned long long>(npu.cycles),
                npu.cycles / (clock_mhz * 1e3), clock_mhz, core.name);
    if (npu_log.delegate_runs() > 1) std::printf(", the sum of %u delegate runs", npu_log.delegate_runs());
    std::printf("\n");
    std::printf("NPU memory: %s\n", npu_memory.description.c_str());
    if (options.profile) print_npu_profile(npu, clock_mhz);
    if (!options.trace.empty()) {
      if (!write_npu_trace(options.trace, npu, clock_mhz, &error)) return bad_input(error, "give --trace a writable path");
      std::printf("NPU trace written to %s\n", options.trace.c_str());
    }
    if (!options.profile_json.empty() &&
        !write_npu_profile_json(options.profile_json, npu, ethos_u_backend_macs(), clock_mhz, &error)) {
      return bad_input(error, "give --profile-json a writable path");
    }
  } else {
    if (options.profile || !options.trace.empty()) {
      std::printf("no NPU operations ran: the program has no Ethos-U delegate\n");
    }
    if (!options.profile_json.empty() && !write_npu_profile_json(options.profile_json, npu, 0, 0, &error)) {
      return bad_input(error, "give --profile-json a writable path");
    }
  }
  std::printf("memory: method allocator %zu of %zu bytes, planned buffers %zu bytes, temp peak %zu bytes, "
              "NPU chain peak %zu bytes, NPU weight scratch peak %zu bytes\n",
              method_allocator.used(), method_allocator.size(), planned.empty() ? 0 : planned[0].size(),
              temp_allocator.peak(), ethos_u_chain_peak_bytes(), ethos_u_weight_peak_bytes());
  if (!options.etdump_json.empty()) {
    if (!recorder.write_json(options.etdump_json, &error)) return bad_input(error, "give --etdump a writable path");
  }
  if (!options.raw_io.empty()) {
    if (batch > 1) return bad_input("--raw-io takes one sample, not a batch", "give an input of one sample");
    auto write = [&](const std::string& name, const void* data, size_t bytes) {
      std::string path = options.raw_io + "/" + name;
      FILE* f = std::fopen(path.c_str(), "wb");
      bool ok = f && std::fwrite(data, 1, bytes, f) == bytes;
      if (f) std::fclose(f);
      if (!ok) bad_input("cannot write " + path, "give --raw-io an existing, writable directory");
      return ok;
    };
    for (size_t i = 0; i < input_bytes.size(); ++i) {
      if (!write("input" + std::to_string(i) + ".bin", input_bytes[i].data(), input_bytes[i].size())) return kExitBadInput;
    }
    for (size_t i = 0; i < method.output_count(); ++i) {
      const EValue* out = method.output(i);
      if (!out || !out->is_tensor()) return bad_input("output " + std::to_string(i) + " is not a tensor", unsupported);
      const Tensor& t = *out->payload.as_tensor;
      if (!write("output" + std::to_string(i) + ".bin", t.data, t.nbytes())) return kExitBadInput;
    }
  }
  if (batch > 1 && !options.output.empty()) {
    const Tensor& t = *method.output(0)->payload.as_tensor;
    NpyArray array;
    array.shape = memory_shape(t.rank, t.sizes, t.dim_order);
    if (array.shape.empty()) array.shape.assign(t.sizes, t.sizes + t.rank);
    array.shape.insert(array.shape.begin(), static_cast<int64_t>(batch));
    array.dtype = ScalarType::Float;
    array.data.assign(reinterpret_cast<uint8_t*>(batch_outputs.data()),
                      reinterpret_cast<uint8_t*>(batch_outputs.data() + batch_outputs.size()));
    if (!write_npy(options.output, array, &error)) return bad_input(error, "give --output a writable path");
    std::printf("outputs of %zu samples written to %s\n", batch, options.output.c_str());
  } else if (!options.output.empty()) {
    const EValue* out = method.output(0);
    if (!out || !out->is_tensor()) return bad_input("output 0 is not a tensor", unsupported);
    const Tensor& t = *out->payload.as_tensor;
    bool ok = false;
    std::vector<float> values = as_float(t, io_quantization(constants, "output", 0), &ok);
    NpyArray array;
    array.shape = memory_shape(t.rank, t.sizes, t.dim_order);  // the bytes' own layout
    if (array.shape.empty()) array.shape.assign(t.sizes, t.sizes + t.rank);
    array.dtype = ok ? ScalarType::Float : t.dtype;
    if (ok) array.data.assign(reinterpret_cast<uint8_t*>(values.data()), reinterpret_cast<uint8_t*>(values.data() + values.size()));
    else array.data.assign(static_cast<uint8_t*>(t.data), static_cast<uint8_t*>(t.data) + t.nbytes());
    if (!write_npy(options.output, array, &error)) return bad_input(error, "give --output a writable path");
    std::printf("output 0 written to %s\n", options.output.c_str());
  }
  return 0;
}

}  // namespace ember::tool
