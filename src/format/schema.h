// The .pte program schema (ExecuTorch's program.fbs, written from
// docs/pte-format.md): the vtable slot of every field the runtime
// reads. A union takes two slots: its type byte, then its value.
#pragma once
#include <cstdint>

namespace ember::schema {

namespace Program { enum : int { version, execution_plan, constant_buffer, backend_delegate_data, segments, constant_segment, mutable_data_segments, named_data }; }
namespace ExecutionPlan { enum : int { name, container_meta_type, values, inputs, outputs, chains, operators, delegates, non_const_buffer_sizes, non_const_buffer_device }; }
namespace EValue { enum : int { val_type, val }; }
namespace Tensor { enum : int { scalar_type, storage_offset, sizes, dim_order, requires_grad, data_buffer_idx, allocation_info, layout, shape_dynamism, extra_tensor_info }; }
namespace AllocationDetails { enum : int { memory_id, memory_offset_low, memory_offset_high }; }
namespace ExtraTensorInfo { enum : int { mutable_data_segments_idx, fully_qualified_name, location }; }
namespace ScalarValue { enum : int { value }; }  // Int, Bool, Double, String: one field
namespace List { enum : int { items }; }  // IntList, DoubleList, BoolList, TensorList, OptionalTensorList
namespace Operator { enum : int { name, overload }; }
namespace Chain { enum : int { inputs, outputs, instructions, stacktrace }; }
namespace Instruction { enum : int { args_type, args }; }
namespace KernelCall { enum : int { op_index, args }; }
namespace DelegateCall { enum : int { delegate_index, args }; }
namespace MoveCall { enum : int { move_from, move_to }; }
namespace JumpFalseCall { enum : int { cond_value_index, destination_instruction }; }
namespace FreeCall { enum : int { value_index }; }
namespace BackendDelegate { enum : int { id, processed, compile_specs }; }
namespace DelegateDataReference { enum : int { location, index }; }
namespace CompileSpec { enum : int { key, value }; }
namespace Buffer { enum : int { storage }; }  // also BackendDelegateInlineData { data }
namespace DataSegment { enum : int { offset, size }; }
namespace SubsegmentOffsets { enum : int { segment_index, offsets }; }

// union KernelTypes
enum class ValueType : uint8_t {
  None = 0, Null = 1, Int = 2, Bool = 3, Double = 4, Tensor = 5, String = 6, IntList = 7,
  DoubleList = 8, BoolList = 9, TensorList = 10, OptionalTensorList = 11,
};

// union InstructionArguments
enum class InstructionType : uint8_t {
  None = 0, KernelCall = 1, DelegateCall = 2, MoveCall = 3, JumpFalseCall = 4, FreeCall = 5,
};

enum class DataLocation : int8_t { Inline = 0, Segment = 1 };
enum class TensorDataLocation : int8_t { Segment = 0, External = 1 };

}  // namespace ember::schema
