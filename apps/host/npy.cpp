#include "npy.h"

#include <cstring>
#include <fstream>
#include <iterator>

namespace ember::tool {
namespace {

struct DtypeName {
  const char* descr;
  ScalarType type;
};

constexpr DtypeName kDtypes[] = {
    {"<f4", ScalarType::Float}, {"<f8", ScalarType::Double}, {"|i1", ScalarType::Char},
    {"|u1", ScalarType::Byte},  {"<i2", ScalarType::Short},  {"<u2", ScalarType::UInt16},
    {"<i4", ScalarType::Int},   {"<i8", ScalarType::Long},   {"|b1", ScalarType::Bool},
};

std::string field(const std::string& header, const std::string& key) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) return "";
  at = header.find(':', at);
  if (at == std::string::npos) return "";
  size_t start = header.find_first_not_of(' ', at + 1);
  if (start == std::string::npos) return "";
  if (header[start] == '(') return header.substr(start, header.find(')', start) - start + 1);
  if (header[start] == '\'') return header.substr(start + 1, header.find('\'', start + 1) - start - 1);
  return header.substr(start, header.find_first_of(",}", start) - start);
}

}  // namespace

bool read_npy(const std::string& path, NpyArray* out, std::string* error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) { *error = "cannot open " + path; return false; }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
    *error = path + " is not a .npy file";
    return false;
  }
  size_t header_len = bytes[8] | (bytes[9] << 8);
  size_t header_start = 10;
  if (bytes[6] >= 2) {
    if (bytes.size() < 12) { *error = path + ": truncated header"; return false; }
    header_len = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (static_cast<size_t>(bytes[11]) << 24);
    header_start = 12;
  }
  if (header_start + header_len > bytes.size()) { *error = path + ": truncated header"; return false; }
  std::string header(bytes.begin() + header_start, bytes.begin() + header_start + header_len);
  std::string descr = field(header, "descr");
  if (field(header, "fortran_order") != "False") { *error = path + ": Fortran order is not supported"; return false; }
  bool known = false;
  for (const DtypeName& d : kDtypes) {
    if (descr == d.descr) { out->dtype = d.type; known = true; }
  }
  if (!known) { *error = path + ": dtype " + descr + " is not supported"; return false; }
  std::string shape = field(header, "shape");
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')') {
    *error = path + ": malformed shape '" + shape + "' in the header";
    return false;
  }
  out->shape.clear();
  size_t count = 1;
  for (size_t i = 1; i < shape.size();) {
    size_t end = shape.find_first_of(",)", i);
    std::string number = shape.substr(i, end - i);
    number.erase(0, number.find_first_not_of(' '));
    number.erase(number.find_last_not_of(' ') + 1);
    if (!number.empty()) {
      // Digits only, and a total that cannot overflow: this is untrusted input.
      constexpr size_t kLimit = size_t{1} << 40;
      if (number.size() > 12 || number.find_first_not_of("0123456789") != std::string::npos) {
        *error = path + ": malformed shape '" + shape + "' in the header";
        return false;
      }
      const size_t dim = std::stoull(number);
      if (dim != 0 && count > kLimit / dim) { *error = path + ": shape " + shape + " is too large"; return false; }
      out->shape.push_back(static_cast<int64_t>(dim));
      count *= dim;
    }
    i = end + 1;
  }
  size_t data_start = header_start + header_len;
  size_t nbytes = count * element_size(out->dtype);
  if (bytes.size() - data_start != nbytes) {
    *error = path + ": data size does not match its shape";
    return false;
  }
  out->data.assign(bytes.begin() + data_start, bytes.end());
  return true;
}

void to_float32(NpyArray* array) {
  const size_t n = array->data.size() / sizeof(double);
  std::vector<uint8_t> data(n * sizeof(float));
  for (size_t i = 0; i < n; ++i) {
    double d;
    std::memcpy(&d, array->data.data() + i * sizeof(double), sizeof(double));
    const float f = static_cast<float>(d);
    std::memcpy(data.data() + i * sizeof(float), &f, sizeof(float));
  }
  array->data = std::move(data);
  array->dtype = ScalarType::Float;
}

bool write_npy(const std::string& path, const NpyArray& array, std::string* error) {
  const char* descr = nullptr;
  for (const DtypeName& d : kDtypes) {
    if (d.type == array.dtype) descr = d.descr;
  }
  if (!descr) { *error = "cannot write this dtype to .npy"; return false; }
  std::string shape = "(";
  for (int64_t d : array.shape) shape += std::to_string(d) + ",";
  if (array.shape.size() > 1) shape.pop_back();
  shape += ")";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream file(path, std::ios::binary);
  if (!file) { *error = "cannot write " + path; return false; }
  file.write("\x93NUMPY\x01\x00", 8);
  const uint16_t len = static_cast<uint16_t>(header.size());
  file.put(static_cast<char>(len & 0xFF));
  file.put(static_cast<char>(len >> 8));
  file << header;
  file.write(reinterpret_cast<const char*>(array.data.data()), static_cast<std::streamsize>(array.data.size()));
  return static_cast<bool>(file);
}

}  // namespace ember::tool
