# Splits the edge's event-loop execution samples (from `jfr print --events jdk.ExecutionSample --stack-depth 64`)
# into the steps of the QoS 1 hot path, by the first of these frames found on each sample's stack, and prints the
# share of each. Used by run-edge-vs-mosquitto.sh; samples of other threads are left out.
function flush() {
  if (n == 0) return;
  if (thread !~ /nioEventLoop/) { n = 0; stack = ""; return }
  c = "netty other (select loop, pipeline, ...)";
  if (stack ~ /Json\.write/) c = "Json.write (Uplink to JSON, base64 payload)";
  else if (stack ~ /KafkaProducer\.(send|doSend)/) c = "KafkaProducer.send (partition, append, lz4)";
  else if (stack ~ /TopicAcl\.mayPublish|validTopicName/) c = "topic validation + ACL (DeviceTopic.parse)";
  else if (stack ~ /KafkaAcks|MqttSessionHandler\.stored/) c = "PUBACK after Kafka (batched hand-back, encode, write, flush)";
  else if (stack ~ /MqttDecoder/) c = "MqttDecoder";
  else if (stack ~ /MqttSessionHandler/) c = "session handler, rest (getBytes, Uplink, message id)";
  else if (stack ~ /MqttConnectHandler/) c = "CONNECT (auth)";
  else if (stack ~ /doWrite|flush0|forceFlush/) c = "socket write/flush (other)";
  else if (stack ~ /NioByteUnsafe\.read/) c = "socket read, Netty pipeline";
  cats[c]++; total++;
  n = 0; stack = "";
}
/^jdk.ExecutionSample/ { flush(); next }
/sampledThread = "/ { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread) }
/line:/ { stack = stack " " $1; n++ }
END { flush(); for (c in cats) printf "%5d %5.1f%% %s\n", cats[c], 100*cats[c]/total, c; print total " event-loop samples" }
