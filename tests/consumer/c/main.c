/* A C program using the installed imsdp through pkg-config (issue 23): it parses a real
 * offer, answers it, drives the signalling machine, round-trips an AIDF frame through
 * fragments, and checks a model, freeing everything (valgrind memcheck runs it).
 * Usage: consumer OFFER.sdp CAPS.json DESCRIPTOR.json MODEL */
#include <imsdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* slurp(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char* data = NULL;
  size_t n = 0;
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    char* grown = realloc(data, n + got + 1);
    if (grown == NULL) {
      free(data);
      fclose(f);
      return NULL;
    }
    data = grown;
    memcpy(data + n, chunk, got);
    n += got;
  }
  fclose(f);
  if (data != NULL) data[n] = '\0';
  *size = n;
  return data;
}

static int failed(const char* what, int code, const imsdp_error* err) {
  fprintf(stderr, "%s: %s (%s) at %u:%u %s\n", what, imsdp_error_name(code), err->message,
          (unsigned)err->line, (unsigned)err->column, err->path);
  return 1;
}

static int check_sdp(const char* offer_text, size_t offer_size, const char* caps_text,
                     size_t caps_size) {
  imsdp_error err;
  imsdp_parse_options options = {0};
  options.profile = "jsep";
  imsdp_sdp* offer = NULL;
  int rc = imsdp_sdp_parse(offer_text, offer_size, &options, &offer, &err);
  if (rc != IMSDP_OK) return failed("parse", rc, &err);
  for (size_t m = 0; m < imsdp_sdp_media_count(offer); ++m) {
    imsdp_view type = imsdp_sdp_media_type(offer, m);
    imsdp_view mid = {0};
    imsdp_sdp_mid(offer, m, &mid);
    printf("m=%.*s port %u mid %.*s formats %zu\n", (int)type.size, type.data,
           (unsigned)imsdp_sdp_media_port(offer, m), (int)mid.size, mid.data,
           imsdp_sdp_format_count(offer, m));
  }
  /* Lossless: the exact form gives back the bytes. */
  char* text = NULL;
  size_t size = 0;
  rc = imsdp_sdp_serialize(offer, IMSDP_SERIALIZE_EXACT, &text, &size, &err);
  if (rc != IMSDP_OK) return failed("serialize", rc, &err);
  int same = size == offer_size && memcmp(text, offer_text, size) == 0;
  imsdp_string_free(text);
  if (!same) return failed("round trip", IMSDP_E_INTERNAL, &err);

  imsdp_caps* caps = NULL;
  rc = imsdp_caps_from_json(caps_text, caps_size, &caps, &err);
  if (rc != IMSDP_OK) return failed("caps", rc, &err);
  imsdp_generated* answer = NULL;
  rc = imsdp_answer(offer, caps, NULL, NULL, &answer, &err);
  if (rc != IMSDP_OK) return failed("answer", rc, &err);
  printf("answer: %zu decisions, first: %.*s\n", imsdp_generated_decision_count(answer),
         (int)imsdp_generated_decision(answer, 0).size,
         imsdp_generated_decision(answer, 0).data);

  /* The machine: the offer arrives in an INVITE, the answer goes in the 2xx, the ACK comes. */
  imsdp_negotiator* n = NULL;
  imsdp_negotiator_new(1, 0, &n);
  const char* events[] = {"{\"event\":\"request\",\"method\":\"INVITE\"}", "{\"event\":\"answer\"}",
                          "{\"event\":\"request\",\"method\":\"ACK\"}"};
  const imsdp_sdp* bodies[] = {offer, imsdp_generated_sdp(answer), NULL};
  for (size_t i = 0; i < 3; ++i) {
    imsdp_step* step = NULL;
    rc = imsdp_negotiator_on(n, events[i], strlen(events[i]), bodies[i], &step, &err);
    if (rc != IMSDP_OK) return failed(events[i], rc, &err);
    char* json = NULL;
    imsdp_step_json(step, &json, &size);
    printf("%s -> %s\n", events[i], json);
    imsdp_string_free(json);
    imsdp_step_free(step);
  }
  printf("state %s\n", imsdp_negotiator_state(n));
  char* session = NULL;
  rc = imsdp_negotiated_json(imsdp_generated_sdp(answer), offer, 0, &session, &size, &err);
  if (rc != IMSDP_OK) return failed("negotiated", rc, &err);
  printf("session %zu bytes of JSON\n", size);
  imsdp_string_free(session);
  /* DTLS-SRTP media (RFC 5763) has no SDES keys to hand to an SRTP stack. */
  char* send_key = NULL;
  char* receive_key = NULL;
  rc = imsdp_negotiated_srtp_keys(imsdp_generated_sdp(answer), offer, 0, 0, &send_key, NULL,
                                  &receive_key, NULL, &err);
  if (rc != IMSDP_E_NOT_FOUND) return failed("srtp keys", rc, &err);
  printf("srtp keys: %s\n", imsdp_error_name(rc));

  /* A malformed event is refused with the JSON pointer of the member. */
  imsdp_step* step = NULL;
  rc = imsdp_negotiator_on(n, "{\"event\":\"answer\",\"reliable\":1}", 32, NULL, &step, &err);
  printf("bad event: %s at %s\n", imsdp_error_name(rc), err.path);

  imsdp_negotiator_free(n);
  imsdp_generated_free(answer);
  imsdp_caps_free(caps);
  imsdp_sdp_free(offer);

  /* Bad input: the error points at the byte. */
  const char* bad = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio x RTP/AVP 0\r\n";
  imsdp_sdp* none = NULL;
  rc = imsdp_sdp_parse(bad, strlen(bad), NULL, &none, &err);
  printf("bad sdp: %s at %u:%u\n", imsdp_error_name(rc), (unsigned)err.line,
         (unsigned)err.column);
  return rc != IMSDP_OK && none == NULL && err.line == 5 ? 0 : 1;
}

static int check_frame(void) {
  imsdp_error err;
  float values[1024];
  for (size_t i = 0; i < 1024; ++i) values[i] = (float)i * 0.5f;
  imsdp_tensor t = {0};
  t.tensor_id = 1;
  t.dtype = 1; /* float32 */
  t.rank = 2;
  t.dims[0] = 4;
  t.dims[1] = 256;
  t.data = values;
  t.size = sizeof values;
  imsdp_frame_info info = {0};
  info.frame_seq = 7;
  info.config_id = 1;
  info.stream_ref = 0xFFFF;
  info.flags = IMSDP_FRAME_CRC32C;
  size_t size = 0;
  int rc = imsdp_frame_encoded_size(&info, &t, 1, &size, &err);
  if (rc != IMSDP_OK) return failed("frame size", rc, &err);
  unsigned char* frame = malloc(size);
  size_t written = 0;
  rc = imsdp_frame_encode(&info, &t, 1, frame, size, &written, &err);
  if (rc != IMSDP_OK) return failed("encode", rc, &err);

  /* Fragments of at most 1 KiB, delivered in reverse order. */
  size_t count = 0, max_message = 0;
  rc = imsdp_fragment_count(written, 1024, 0, &count, &max_message, &err);
  if (rc != IMSDP_OK) return failed("fragments", rc, &err);
  unsigned char* message = malloc(max_message);
  imsdp_reassembler* r = NULL;
  imsdp_reassembler_new(&r);
  const void* whole = NULL;
  size_t whole_size = 0;
  int status = IMSDP_FRAGMENT_INCOMPLETE;
  for (size_t i = count; i-- > 0;) {
    size_t n = 0;
    rc = imsdp_fragment_write(frame, written, 1024, 0, 7, i, message, max_message, &n, &err);
    if (rc != IMSDP_OK) return failed("fragment", rc, &err);
    rc = imsdp_reassembler_push(r, message, n, 10, &status, &whole, &whole_size, &err);
    if (rc != IMSDP_OK) return failed("push", rc, &err);
  }
  if (status != IMSDP_FRAGMENT_COMPLETE || whole_size != written ||
      memcmp(whole, frame, written) != 0)
    return failed("reassembly", IMSDP_E_INTERNAL, &err);
  imsdp_frame* decoded = NULL;
  rc = imsdp_frame_decode(whole, whole_size, &decoded, &err);
  if (rc != IMSDP_OK) return failed("decode", rc, &err);
  imsdp_tensor out;
  imsdp_frame_tensor(decoded, 0, &out);
  imsdp_frame_info got;
  imsdp_frame_get_info(decoded, &got);
  printf("frame %zu bytes in %zu fragments: seq %u, tensor %u rank %u [%u,%u], %zu bytes\n",
         written, count, (unsigned)got.frame_seq, (unsigned)out.tensor_id, (unsigned)out.rank,
         (unsigned)out.dims[0], (unsigned)out.dims[1], out.size);
  int same = out.size == sizeof values && memcmp(out.data, values, out.size) == 0;
  imsdp_frame_free(decoded);
  imsdp_reassembler_free(r);
  free(message);

  /* One flipped payload bit: the CRC-32C says so, at an offset. */
  frame[written - 1] ^= 1;
  rc = imsdp_frame_decode(frame, written, &decoded, &err);
  printf("corrupted frame: %s\n", imsdp_error_name(rc));
  free(frame);
  return same && rc != IMSDP_OK ? 0 : 1;
}

static int check_model(const char* descriptor, size_t descriptor_size, const char* model,
                       size_t model_size) {
  imsdp_error err;
  char* report = NULL;
  size_t size = 0;
  int rc = imsdp_model_check(descriptor, descriptor_size, 0, model, model_size, &report, &size,
                             &err);
  printf("%s", report != NULL ? report : "");
  imsdp_string_free(report);
  if (rc != IMSDP_OK) return failed("model check", rc, &err);
  /* The same bytes one byte short: the size check says so. */
  rc = imsdp_model_check(descriptor, descriptor_size, 0, model, model_size - 1, NULL, NULL, &err);
  printf("short model: %s at %s\n", imsdp_error_name(rc), err.path);
  return rc != IMSDP_OK ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: consumer OFFER.sdp CAPS.json DESCRIPTOR.json MODEL\n");
    return 2;
  }
  printf("imsdp %s\n", imsdp_version());
  size_t sizes[4] = {0};
  char* files[4] = {0};
  int status = 0;
  for (int i = 0; i < 4; ++i) {
    files[i] = slurp(argv[i + 1], &sizes[i]);
    if (files[i] == NULL) {
      fprintf(stderr, "cannot read %s\n", argv[i + 1]);
      status = 2;
    }
  }
  if (status == 0) {
    status |= check_sdp(files[0], sizes[0], files[1], sizes[1]);
    status |= check_frame();
    status |= check_model(files[2], sizes[2], files[3], sizes[3]);
  }
  for (int i = 0; i < 4; ++i) free(files[i]);
  printf(status == 0 ? "ok\n" : "FAILED\n");
  return status;
}
