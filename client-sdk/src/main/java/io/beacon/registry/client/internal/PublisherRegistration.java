package io.beacon.registry.client.internal;

import com.alipay.sofa.registry.core.model.BaseRegister;
import com.alipay.sofa.registry.core.model.DataBox;
import com.alipay.sofa.registry.core.model.PublisherRegister;
import io.beacon.registry.client.ClientConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A publication: version 1, one more per republish and one more for the unregister. Confined to the
 * client's worker thread (see {@link Registration}).
 */
final class PublisherRegistration extends Registration {

  private List<String> data;

  PublisherRegistration(String dataId, String group, List<String> data, long sequence) {
    super(dataId, group, 1, sequence);
    this.data = List.copyOf(data);
  }

  void replaceData(List<String> data) {
    this.data = List.copyOf(data);
  }

  @Override
  BaseRegister wireRequest(ClientConfig config, long wallMillis) {
    PublisherRegister register = fill(new PublisherRegister(), config, wallMillis);
    if (!isUnregistering()) {
      // A mutable list: Hessian writes it as a plain java.util list on every server version.
      List<DataBox> boxes = new ArrayList<>(data.size());
      data.forEach(value -> boxes.add(new DataBox(value)));
      register.setDataList(boxes);
    }
    return register;
  }
}
