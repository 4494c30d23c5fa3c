# imsdp model check | fmt and imsdp control check | fmt (docs/aiml-model.md,
# docs/aiml-control.md): the example descriptor verifies against the generated ONNX file;
# one edited input dtype fails with its JSON pointer; a hostile file fails with a byte
# offset; control messages check; usage errors exit 2.
include(${CMAKE_CURRENT_LIST_DIR}/run.cmake)

set(model ${EXAMPLES}/model)
run(0 model check ${model}/asr-encoder.json ${model}/asr-encoder.onnx)
foreach(line "size 148 verified" "sha-256 verified" "irVersion 10 verified" "opset ai.onnx 21 verified"
             "input mel float32 \\[1,80,T\\] verified" "output logits")
  expect("${line}")
endforeach()

file(READ ${model}/asr-encoder.json descriptor)
string(REPLACE "\"name\": \"mel\", \"dtype\": \"float32\"" "\"name\": \"mel\", \"dtype\": \"int8\"" edited "${descriptor}")
file(WRITE ${WORK}/edited-dtype.json "${edited}")
run(1 model check ${WORK}/edited-dtype.json ${model}/asr-encoder.onnx)
expect("error: model_dtype_mismatch: .* at /inputs/0/dtype: descriptor int8, file float32 \\(byte [0-9]+\\)")

# The ONNX file cut inside producer_name: size, digest and structure all fail, cleanly.
file(READ ${model}/asr-encoder.onnx prefix LIMIT 6)
file(WRITE ${WORK}/truncated.onnx "${prefix}")
run(1 model check ${model}/asr-encoder.json ${WORK}/truncated.onnx)
expect("error: model_size_mismatch: .* at /artifacts/0/size")
expect("error: model_truncated: .*length-delimited field needs 11 bytes, [0-9]+ left \\(byte 4\\)")

string(REPLACE "\"version\": \"2.1.0\"" "\"version\": \"2.1.0\", \"version\": \"2\"" duplicate "${descriptor}")
file(WRITE ${WORK}/duplicate.json "${duplicate}")
run(1 model check ${WORK}/duplicate.json)
expect("error: json_duplicate_key: .* at /version")
run(0 model fmt ${model}/asr-encoder.json)
expect("^\\{\"artifacts\":")
run(2 model check ${model}/asr-encoder.json ${model}/asr-encoder.onnx ${model}/asr-encoder.onnx)
run(2 model check /nonexistent/descriptor.json)

# model inspect: the signature as a table and as JSON; model describe: a skeleton that
# model check accepts as it is, with the dynamic dimension symbolic and bounded.
run(0 model inspect ${model}/asr-encoder.onnx)
expect("asr-encoder.onnx: onnx, 148 bytes, irVersion 10, opset ai.onnx 21")
expect("input +mel +float32 +\\[1,80,T\\]")
expect("output +logits +float32 +\\[1,T,32\\]")
run(0 model inspect --json ${model}/asr-encoder.onnx)
expect("\"shape\": \\[\n *1,\n *80,\n *\"T\"")
run(0 model describe --id urn:example:model:asr --task urn:3gpp:aiml:task:asr ${model}/asr-encoder.onnx)
expect("\"dim\": \"T\"")
expect("\"value\": \"e12e1006357489254c1bddc63549026887a504b60112a9047a49809d8f2b1ef2\"")
file(WRITE ${WORK}/described.json "${stdout}")
run(0 model check ${WORK}/described.json ${model}/asr-encoder.onnx)
expect("input mel float32 \\[1,80,T\\] verified")
run(1 model inspect ${WORK}/truncated.onnx)
expect("error: model_truncated")
run(2 model inspect --format keras ${model}/asr-encoder.onnx)
run(2 model describe ${WORK}/described.json)

run(0 control check ${EXAMPLES}/control/split-config-req.json)
expect("valid split-config-req message \\(id ue-17\\)")
run(1 control check --max-message-size 100 ${EXAMPLES}/control/split-config-req.json)
expect("control_message_too_large")
file(WRITE ${WORK}/unknown.json "{\"v\":1,\"id\":\"a\",\"type\":\"urn:3gpp:aiml:v1:teleport-req\",\"body\":{}}")
run(1 control check ${WORK}/unknown.json)
expect("error: control_unknown_type: .* at /type: teleport-req")
run(0 control fmt ${EXAMPLES}/control/split-config-req.json)
expect("\"type\":\"urn:3gpp:aiml:v1:split-config-req\"")

# Issue 25 defect 4: names from an untrusted file reach the terminal escaped. The example
# model with its input renamed "\e[2" (same length, so the protobuf stays valid): the
# mismatch prints \x1b, never the escape byte that would start a terminal command.
find_program(PYTHON3 python3)
if(PYTHON3)
  execute_process(COMMAND ${PYTHON3} -c
    "import sys; d=open(sys.argv[1],'rb').read(); open(sys.argv[2],'wb').write(d.replace(b'mel', b'\\x1b[2'))"
    ${model}/asr-encoder.onnx ${WORK}/escape-name.onnx RESULT_VARIABLE py)
  run(1 model check ${model}/asr-encoder.json ${WORK}/escape-name.onnx)
  string(ASCII 27 esc)
  string(FIND "${out}" "${esc}" raw)
  if(NOT raw EQUAL -1)
    message(FATAL_ERROR "an escape byte from the model reached the terminal:\n${out}")
  endif()
  expect("\\\\x1b\\[2")
endif()
